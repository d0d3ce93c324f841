'use strict';
// Hand-written, correct translation of negative/prisma/20240101000000_init/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN')`, { transaction });
      await queryInterface.createTable('User', {
        id: { type: 'TEXT', allowNull: false, primaryKey: true },
        email: { type: 'TEXT', allowNull: false },
        role: { type: '"Role"', allowNull: false, defaultValue: Sequelize.literal(`'USER'`) },
        createdAt: { type: 'TIMESTAMP(3)', allowNull: false, defaultValue: Sequelize.literal('CURRENT_TIMESTAMP') },
      }, { transaction });
      await queryInterface.addIndex('User', ['email'], { name: 'User_email_key', unique: true, transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.dropTable('User', { transaction });
      await queryInterface.sequelize.query(`DROP TYPE "Role"`, { transaction });
    });
  },
};
