'use strict';
// Hand-written translation of stop/prisma/20240102000000_drop_name/migration.sql (marked irreversible)
/** @type {import('sequelize-cli').Migration} */
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await queryInterface.removeColumn('Item', 'name', { transaction });
    });
  },
  async down(queryInterface, Sequelize) {
    throw new Error('20240102000000_drop_name is irreversible: the dropped column "name" and its data are gone');
  },
};
