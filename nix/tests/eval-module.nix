# Evaluates nixosModules.default (nix/module.nix) with nixpkgs' module system
# (lib.evalModules) and returns the systemd units and users it defines, for
# tests/it/nix.rs. Only the NixOS options the module touches are declared, minimally
# (systemd.services.<name>.{description,wantedBy,after,environment,serviceConfig},
# users.users.<name>.{isSystemUser,group}, users.groups.<name>); a definition of
# anything else fails the evaluation.
{ lib }:

let
  inherit (lib) mkOption types;

  nixosStandIn = {
    options.systemd.services = mkOption {
      type = types.attrsOf (types.submodule {
        options = {
          description = mkOption { type = types.str; default = ""; };
          wantedBy = mkOption { type = types.listOf types.str; default = [ ]; };
          after = mkOption { type = types.listOf types.str; default = [ ]; };
          environment = mkOption { type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ])); default = { }; };
          serviceConfig = mkOption {
            type = types.attrsOf (types.oneOf [ types.bool types.int types.str types.path (types.listOf types.str) ]);
            default = { };
          };
        };
      });
      default = { };
    };
    options.users.users = mkOption {
      type = types.attrsOf (types.submodule {
        options = {
          isSystemUser = mkOption { type = types.bool; default = false; };
          group = mkOption { type = types.str; default = ""; };
        };
      });
      default = { };
    };
    options.users.groups = mkOption {
      type = types.attrsOf (types.submodule { options = { }; });
      default = { };
    };
  };

  # A package as lib.buildNextStandalone makes one (only what the module reads).
  fakeApp = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/11111111111111111111111111111111-${name}";
    meta.mainProgram = name;
  };

  eval = lib.evalModules {
    modules = [
      nixosStandIn
      ../module.nix
      {
        services.next-standalone.shop = {
          package = fakeApp "shop";
        };
        services.next-standalone.blog = {
          package = fakeApp "blog";
          port = 80;
          hostname = "0.0.0.0";
          user = "blog";
          environmentFile = "/run/secrets/blog.env";
          environment = { NEXT_PUBLIC_SITE = "https://blog.example"; HOSTNAME = "::"; };
        };
        services.next-standalone.off = {
          enable = false;
          package = fakeApp "off";
        };
      }
    ];
  };
in
{
  inherit (eval.config.systemd) services;
  users = lib.attrNames eval.config.users.users;
  userGroups = lib.mapAttrs (_: u: { inherit (u) isSystemUser group; }) eval.config.users.users;
  groups = lib.attrNames eval.config.users.groups;
}
