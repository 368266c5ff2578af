-- The webmail's read model (server/webmail/SqlPatientMailbox): a patient's box seen as the conversations the
-- submission rules keep. A stored message is tied to its conversation by the SHA-256 of its Message-ID written with
-- its angle brackets, the key the conversation store gives it (JdbcConversationStore.key); caducee_message_search
-- keeps the id without them. The same key, computed in the database, joins the two in one statement per page.
-- STABLE as convert_to is (it reads the database's encoding): PostgreSQL then inlines it into the statement rather
-- than calling a function per row.
CREATE FUNCTION caducee_conversation_key(message_id_header TEXT) RETURNS TEXT
    LANGUAGE SQL STABLE STRICT PARALLEL SAFE
    AS $$ SELECT encode(sha256(convert_to('<' || message_id_header || '>', 'UTF8')), 'hex') $$;

-- A conversation's messages, for its page and for marking them seen (the primary key starts with the message key).
CREATE INDEX caducee_conversation_message_conversation ON CADUCEE_CONVERSATION_MESSAGE (CONVERSATION_ID);
