package fr.caducee.server.receipts;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /receipts?box=<address>&messageId=<id>}, free of any transport: the receipts of a message a box sent,
 * per recipient, as JSON. Mounted on WebAdmin ({@link ReceiptsRoutes}) and, for practice software, on any listener
 * that has authenticated the box: such a listener passes the box it authenticated, never one the client names.
 * <pre>
 * {"box": "...", "messageId": "&lt;...&gt;", "envelopeId": "...", "acceptedAt": "...",
 *  "recipients": [{"address": "...", "originalRecipient": "...",
 *                  "delivery": {"status": "delivered", "code": "2.0.0", "label": "...", "at": "..."},
 *                  "disposition": {"status": "error", "code": "902", "label": "Identifiant de patient inconnu", "at": "..."}}],
 *  "keywords": ["$Delivered", "$ProcessingFailed"]}
 * </pre>
 * {@code delivery}: relayed, delivered, failed, delayed or expanded (RFC 3464), the DSN's status code;
 * {@code disposition}: displayed, processed, dispatched, deleted, denied, or error with its code and label; either
 * is {@code null} until its receipt arrives.
 */
public class ReceiptsQuery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReceiptStore store;

    @Inject
    public ReceiptsQuery(ReceiptStore store) {
        this.store = store;
    }

    /** An answer: an HTTP status and a JSON body (an error's body says in a sentence what to change). */
    public record Answer(int status, String json) {
    }

    public Answer answer(String box, String messageId) {
        if (blank(box) || blank(messageId)) {
            return error(400, "Give both the sending box (box=dr.martin@example.fr) and the message's Message-ID "
                + "(messageId=<id@host>)");
        }
        Optional<String> id = MessageIds.normalize(messageId);
        Optional<SentMessage> found = id.flatMap(value -> store.findSent(box.strip(), Optional.of(value), Optional.empty()));
        if (found.isEmpty()) {
            return error(404, "No message " + id.orElse(messageId) + " sent by " + box.strip()
                + " is known here: check the Message-ID and the sending box (only messages submitted here are followed)");
        }
        SentMessage sent = found.get();
        List<RecipientState> states = RecipientState.of(sent, store.receiptsOf(sent.id()));
        ObjectNode body = JSON.createObjectNode()
            .put("box", sent.senderBox())
            .put("messageId", sent.messageId().orElse(null))
            .put("envelopeId", sent.envelopeId().orElse(null))
            .put("acceptedAt", sent.acceptedAt().toString());
        ArrayNode recipients = body.putArray("recipients");
        for (RecipientState state : states) {
            ObjectNode recipient = recipients.addObject()
                .put("address", state.address())
                .put("originalRecipient", state.originalRecipient().orElse(null));
            recipient.set("delivery", state.delivery().map(ReceiptsQuery::receipt).orElse(null));
            recipient.set("disposition", state.disposition().map(ReceiptsQuery::receipt).orElse(null));
        }
        ArrayNode keywords = body.putArray("keywords");
        ReceiptKeywords.of(states).forEach(keywords::add);
        return new Answer(200, body.toString());
    }

    private static ObjectNode receipt(Receipt receipt) {
        return JSON.createObjectNode()
            .put("status", receipt.status())
            .put("code", receipt.code().orElse(null))
            .put("label", receipt.label().orElse(null))
            .put("at", receipt.receivedAt().toString());
    }

    private static Answer error(int status, String message) {
        return new Answer(status, JSON.createObjectNode()
            .put("statusCode", status)
            .put("type", status == 404 ? "notFound" : "InvalidArgument")
            .put("message", message)
            .toString());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
