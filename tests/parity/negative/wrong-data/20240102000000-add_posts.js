'use strict';
// Hand-written, WRONG translation (the seed row's e-mail is lower-cased here already) of negative/prisma/20240102000000_add_posts/migration.sql
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.createTable('Post', {
        id: { type: Sequelize.INTEGER, allowNull: false, autoIncrement: true, primaryKey: true },
        title: { type: 'VARCHAR(200)', allowNull: false },
        authorId: { type: 'TEXT', allowNull: false },
      }, { transaction });
      await queryInterface.addIndex('Post', ['authorId'], { name: 'Post_authorId_idx', transaction });
      await queryInterface.addConstraint('Post', {
        type: 'foreign key',
        name: 'Post_authorId_fkey',
        fields: ['authorId'],
        references: { table: 'User', field: 'id' },
        onDelete: 'RESTRICT',
        onUpdate: 'CASCADE',
        transaction,
      });
      await queryInterface.sequelize.query(
        `INSERT INTO "User" ("id", "email", "role", "createdAt") VALUES ('u1', 'admin@example.com', 'ADMIN', '2024-01-02 00:00:00')`,
        { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.sequelize.query(`DELETE FROM "User" WHERE "id" = 'u1'`, { transaction });
      await queryInterface.dropTable('Post', { transaction });
    });
  },
};
