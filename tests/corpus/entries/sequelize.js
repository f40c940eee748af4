// corpus entry: sequelize@6.37.5
const { DataTypes } = require('sequelize');
console.log(DataTypes.STRING.key, DataTypes.INTEGER.key);
