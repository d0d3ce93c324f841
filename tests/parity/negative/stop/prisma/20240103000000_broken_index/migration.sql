-- A defect of the history itself: PostgreSQL rejects this on a fresh database.
CREATE INDEX "Item_sku_idx" ON "Item"("sku");
