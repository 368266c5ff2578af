-- Receipts back to the hospital (server/gateway/receipts, docs/GATEWAY.md "Receipts back to the hospital").

-- The forwarder looks, every few seconds, at the receipts that arrived since its last look (and a margin), for those
-- about mails of the gateway not yet turned into a ZAM (gateway_return.source = 'receipt:<receipt_id>'): this index
-- keeps that look to the latest rows, however many receipts the server keeps.
CREATE INDEX caducee_receipt_received ON caducee_receipt (received_at);

-- The receipts still owed to a hospital, per hospital, for the sender and the operator's listing.
CREATE INDEX gateway_return_pending ON gateway_return (peer_box, id) WHERE acked_at IS NULL;
