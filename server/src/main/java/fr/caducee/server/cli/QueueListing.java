package fr.caducee.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** How {@code caducee queue} prints mails: one line each, like mailq, the last error indented below. */
final class QueueListing {
    static final String COLUMNS = "%-8s  %-44s  %-20s  %9s  %3s  %-20s  %-4s  %s";

    private QueueListing() {
    }

    static void print(PrintWriter out, JsonNode mails, JsonNode queues, Optional<String> only) {
        if (mails.isEmpty()) {
            out.println("The queue" + only.map(q -> " " + q + " is").orElse("s are") + " empty.");
        } else {
            out.println(String.format(COLUMNS, "QUEUE", "NAME", "QUEUED", "SIZE", "TRY", "NEXT ATTEMPT", "HELD",
                "SENDER -> RECIPIENTS"));
            for (JsonNode mail : mails) {
                out.println(String.format(COLUMNS, mail.path("queue").asText(), mail.path("name").asText(),
                    time(mail.path("queued")), mail.path("size").asLong(), mail.path("attempts").asInt(),
                    mail.path("processing").asBoolean() ? "(being processed)" : time(mail.path("nextAttempt")),
                    mail.path("held").asBoolean() ? "held" : "", envelope(mail)));
                if (mail.hasNonNull("lastError")) {
                    out.println("          last error: " + mail.path("lastError").asText());
                }
            }
        }
        List<String> sizes = new ArrayList<>();
        long shown = mails.size();
        long total = 0;
        for (JsonNode queue : queues) {
            if (only.isEmpty() || only.get().equals(queue.path("queue").asText())) {
                long size = queue.path("size").asLong();
                total += size;
                sizes.add(size + " in " + queue.path("queue").asText() + " (" + queue.path("held").asLong() + " held)");
            }
        }
        out.println("-- " + String.join(", ", sizes) + (total > shown ? "; the first " + shown + " shown (--limit)" : ""));
    }

    static void details(PrintWriter out, JsonNode mail) {
        out.println("name:          " + mail.path("name").asText());
        out.println("queue:         " + mail.path("queue").asText());
        out.println("sender:        " + sender(mail));
        List<String> recipients = new ArrayList<>();
        mail.path("recipients").forEach(recipient -> recipients.add(recipient.asText()));
        out.println("recipients:    " + String.join(", ", recipients));
        out.println("size:          " + mail.path("size").asLong() + " bytes");
        out.println("queued:        " + time(mail.path("queued")));
        out.println("state:         " + mail.path("state").asText(""));
        out.println("attempts:      " + mail.path("attempts").asInt());
        out.println("next attempt:  " + (mail.path("processing").asBoolean() ? "being processed now"
            : time(mail.path("nextAttempt"))));
        out.println("held:          " + (mail.path("held").asBoolean() ? "yes (caducee queue release)" : "no"));
        out.println("last error:    " + (mail.hasNonNull("lastError") ? mail.path("lastError").asText() : "none"));
        out.println();
        mail.path("headers").forEach(header -> out.println(header.asText()));
        if (mail.hasNonNull("message")) {
            out.println();
            out.println("-- message --");
            out.print(mail.path("message").asText());
            out.println();
        }
    }

    /** What a change touched, one mail a line, then the count. */
    static void touched(PrintWriter out, String what, JsonNode mails) {
        for (JsonNode mail : mails) {
            out.println(what + ": " + mail.path("queue").asText() + " " + mail.path("name").asText());
        }
        out.println(mails.size() + " mail(s) " + what + ".");
    }

    /** The listed mails a delete would touch, for the operator to confirm. */
    static List<JsonNode> matching(JsonNode mails, String name, String sender, String recipient) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode mail : mails) {
            boolean recipientMatches = false;
            for (JsonNode address : mail.path("recipients")) {
                recipientMatches |= recipient != null && address.asText().equalsIgnoreCase(recipient);
            }
            if (name != null && name.equals(mail.path("name").asText())
                || sender != null && sender.equalsIgnoreCase(mail.path("sender").asText())
                || recipientMatches
                || name == null && sender == null && recipient == null) {
                if (!mail.path("processing").asBoolean()) {
                    matching.add(mail);
                }
            }
        }
        return matching;
    }

    static String summary(JsonNode mail) {
        return mail.path("queue").asText() + " " + mail.path("name").asText() + " " + envelope(mail);
    }

    private static String envelope(JsonNode mail) {
        List<String> recipients = new ArrayList<>();
        mail.path("recipients").forEach(recipient -> recipients.add(recipient.asText()));
        return sender(mail) + " -> " + String.join(", ", recipients);
    }

    private static String sender(JsonNode mail) {
        String sender = mail.path("sender").asText("");
        return sender.isEmpty() ? "<>" : sender;
    }

    /** An instant to the second, as UTC ISO-8601. */
    private static String time(JsonNode instant) {
        String text = instant.asText("");
        return text.length() > 19 ? text.substring(0, 19) + "Z" : text;
    }
}
