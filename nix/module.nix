# nixosModules.default: Next.js apps built with lib.buildNextStandalone (or any package
# with the same layout: bin/<meta.mainProgram> starting an nft-rs standalone server.js)
# run as systemd services.
#
#   services.next-standalone.<name> = {
#     package = ...; port = 3000; hostname = "127.0.0.1";
#     user = null;                  # null: a DynamicUser
#     environmentFile = "/run/secrets/<name>.env";
#     environment = { NEXT_PUBLIC_… = "…"; };
#   };
#
# gives systemd.services.<name>. The app's code is read from the store (read-only);
# ISR pages, the fetch cache and optimised images go to /var/cache/<name>
# (CacheDirectory, NFT_RS_CACHE_DIR), HOME is /var/lib/<name> (StateDirectory).
{ config, lib, ... }:

let
  inherit (lib) mkOption mkIf mkMerge types mapAttrs' nameValuePair filterAttrs;

  instance = { name, ... }: {
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = "Whether to run the Next.js app `${name}`.";
      };
      package = mkOption {
        type = types.package;
        description = "The app: a derivation from lib.buildNextStandalone (its bin/<meta.mainProgram> starts the server).";
      };
      port = mkOption {
        type = types.port;
        default = 3000;
        description = "The TCP port the server listens on (PORT).";
      };
      hostname = mkOption {
        type = types.str;
        default = "127.0.0.1";
        description = "The address the server binds (HOSTNAME); \"0.0.0.0\" for every IPv4 interface.";
      };
      user = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Run as this user (created as a system user with a group of the same name). null: a transient DynamicUser.";
      };
      environmentFile = mkOption {
        type = types.nullOr types.path;
        default = null;
        description = "A file of KEY=value lines (secrets) read by systemd at start; kept out of the store.";
      };
      environment = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "Extra environment variables; they override the defaults this module sets.";
      };
    };
  };

  enabled = filterAttrs (_: app: app.enable) config.services.next-standalone;

  unit = name: app: {
    description = "Next.js app ${name} (nft-rs standalone)";
    wantedBy = [ "multi-user.target" ];
    after = [ "network.target" ];
    environment = {
      NODE_ENV = "production";
      PORT = toString app.port;
      HOSTNAME = app.hostname;
      # The store copy is read-only: Next's caches go to the CacheDirectory.
      NFT_RS_CACHE_DIR = "/var/cache/${name}";
      HOME = "/var/lib/${name}";
      NEXT_TELEMETRY_DISABLED = "1";
    } // app.environment;
    serviceConfig = {
      ExecStart = lib.getExe app.package;
      Restart = "on-failure";
      DynamicUser = app.user == null;
      StateDirectory = name;
      CacheDirectory = name;
      StateDirectoryMode = "0700";
      CacheDirectoryMode = "0700";
      UMask = "0077";
      # Hardening that Node.js tolerates. Not MemoryDenyWriteExecute: V8's JIT compiles
      # into pages it makes writable and then executable, which that option forbids
      # (node aborts at start-up, or every JIT allocation fails).
      NoNewPrivileges = true;
      ProtectSystem = "strict";
      ProtectHome = true;
      PrivateTmp = true;
      PrivateDevices = true;
      ProtectKernelTunables = true;
      ProtectKernelModules = true;
      ProtectKernelLogs = true;
      ProtectControlGroups = true;
      ProtectClock = true;
      ProtectHostname = true;
      ProtectProc = "invisible";
      RestrictNamespaces = true;
      RestrictRealtime = true;
      RestrictSUIDSGID = true;
      LockPersonality = true;
      RemoveIPC = true;
      RestrictAddressFamilies = [ "AF_INET" "AF_INET6" "AF_UNIX" ];
      SystemCallArchitectures = "native";
      SystemCallFilter = [ "@system-service" "~@privileged" ];
      CapabilityBoundingSet = if app.port < 1024 then [ "CAP_NET_BIND_SERVICE" ] else [ "" ];
      AmbientCapabilities = if app.port < 1024 then [ "CAP_NET_BIND_SERVICE" ] else [ "" ];
    }
    // lib.optionalAttrs (app.user != null) {
      User = app.user;
      Group = app.user;
    }
    // lib.optionalAttrs (app.environmentFile != null) {
      EnvironmentFile = app.environmentFile;
    };
  };

  withUser = filterAttrs (_: app: app.user != null) enabled;
in
{
  options.services.next-standalone = mkOption {
    type = types.attrsOf (types.submodule instance);
    default = { };
    description = "Next.js apps (nft-rs standalone builds) to run, one systemd service each.";
  };

  config = mkIf (enabled != { }) (mkMerge [
    {
      systemd.services = lib.mapAttrs unit enabled;
    }
    (mkIf (withUser != { }) {
      users.users = mapAttrs' (_: app: nameValuePair app.user {
        isSystemUser = true;
        group = app.user;
      }) withUser;
      users.groups = mapAttrs' (_: app: nameValuePair app.user { }) withUser;
    })
  ]);
}
