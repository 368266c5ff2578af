package fr.caducee.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code caducee queue}: the spool's and the remote-delivery queue's mails, as Postfix's {@code mailq},
 * {@code postqueue} and {@code postsuper} work its queue, over WebAdmin's {@code /queues} routes. A mail is named by
 * its mail name, which {@code list} shows and which stays the same across delivery attempts.
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "List, show, flush, hold, release or delete the spool's and the "
    + "remote-delivery queue's mail.",
    subcommands = {QueueCommand.ListMails.class, QueueCommand.Show.class, QueueCommand.Flush.class,
        QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class})
final class QueueCommand {
    static final String BASE = "/queues";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The mails waiting in the queues (spool and outgoing), oldest first, like "
        + "mailq: name, queued, size, attempts, next attempt, held, sender and recipients, last error.")
    static final class ListMails extends AdminCommand {
        @Parameters(arity = "0..1", paramLabel = "QUEUE", description = "Only this queue (spool, outgoing).")
        String queue;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "10000", description = "At most N mails (default 10000).")
        int limit;

        @Option(names = "--json", description = "WebAdmin's JSON, one mail an element, for scripts.")
        boolean json;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            if (queue != null) {
                checkedName("queue", queue);
            }
            if (limit < 1) {
                throw new BadUsage("--limit must be 1 or more");
            }
            JsonNode mails = expect(client.get(BASE + "/mails?limit=" + limit
                + (queue == null ? "" : "&queue=" + encode(queue))));
            if (json) {
                out().println(mails);
                return Caducee.DONE;
            }
            JsonNode queues = expect(client.get(BASE));
            QueueListing.print(out(), mails, queues, Optional.ofNullable(queue));
            return Caducee.DONE;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One mail: envelope, state, attempts, last error and header fields; "
        + "--body prints the whole message.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "NAME", description = "The mail's name, as `queue list` shows it.")
        String name;

        @Option(names = "--body", description = "Print the whole message (header and body) after the envelope.")
        boolean body;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            JsonNode mail = expect(client.get(BASE + "/mails/" + encode(checkedName("mail", name))
                + (body ? "?message=true" : "")));
            QueueListing.details(out(), mail);
            return Caducee.DONE;
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true, description = "Try now the mails waiting for a later attempt (postqueue -f): every "
        + "queue, one queue, or one mail. Held mails stay held.")
    static final class Flush extends AdminCommand {
        @Parameters(arity = "0..1", paramLabel = "QUEUE|NAME", description = "A queue (spool, outgoing) or a mail's name; "
            + "every queue when absent.")
        String target;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            String query = "";
            if (target != null) {
                checkedName("queue or mail", target);
                boolean isQueue = false;
                for (JsonNode queue : expect(client.get(BASE))) {
                    isQueue |= queue.path("queue").asText().equals(target);
                }
                query = (isQueue ? "?queue=" : "?mail=") + encode(target);
            }
            JsonNode answer = expect(client.send("POST", BASE + "/flush" + query, null));
            QueueListing.touched(out(), "flushed", answer.path("flushed"));
            return Caducee.DONE;
        }
    }

    /** Which mails a hold, a release or a delete is for: one by name, a sender's, a recipient's, or all. */
    static final class Which {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The mail's name, as `queue list` shows it.")
        String name;

        @Option(names = "--sender", paramLabel = "ADDRESS", description = "Every mail from this sender.")
        String sender;

        @Option(names = "--all", description = "Every mail.")
        boolean all;

        /** {@code POST /queues/<action>} on these mails; prints those the answer lists under {@code done}. */
        int post(Selecting command, WebAdminClient client, String action, String done)
                throws IOException, InterruptedException, AdminCommand.Refused, AdminCommand.BadUsage {
            JsonNode answer = AdminCommand.expect(client.send("POST", BASE + "/" + action
                + command.query(name, sender, null, all), null));
            QueueListing.touched(command.out(), done, answer.path(done));
            return Caducee.DONE;
        }
    }

    abstract static class Selecting extends AdminCommand {
        @Option(names = "--queue", paramLabel = "QUEUE", description = "Only in this queue (spool, outgoing).")
        String queue;

        /** The query naming the mails: exactly one of the name, a sender, a recipient, all. */
        String query(String name, String sender, String recipient, boolean all) throws BadUsage {
            List<String> given = new ArrayList<>();
            StringJoiner query = new StringJoiner("&", "?", "");
            if (name != null) {
                given.add("NAME");
                query.add("mail=" + encode(checkedName("mail", name)));
            }
            if (sender != null) {
                given.add("--sender");
                query.add("sender=" + encode(checkedAddress("sender", sender)));
            }
            if (recipient != null) {
                given.add("--recipient");
                query.add("recipient=" + encode(checkedAddress("recipient", recipient)));
            }
            if (all) {
                given.add("--all");
                query.add("all=true");
            }
            if (given.size() != 1) {
                throw new BadUsage(given.isEmpty() ? "say which mails: a mail's name, " + options()
                    : "say which mails with one of NAME, " + options() + ", not " + String.join(" and ", given));
            }
            if (queue != null) {
                query.add("queue=" + encode(checkedName("queue", queue)));
            }
            return query.toString();
        }

        String options() {
            return "--sender or --all";
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Hold mails (postsuper -h): they stay in their queue, neither delivered nor "
        + "retried, until released; a hold survives a restart.")
    static final class Hold extends Selecting {
        @Mixin
        Which which;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            return which.post(this, client, "hold", "held");
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release held mails (postsuper -H): delivered when due; `queue flush` "
        + "tries them now.")
    static final class Release extends Selecting {
        @Mixin
        Which which;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            return which.post(this, client, "release", "released");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete mails from the queues (postsuper -d): never delivered, nobody "
        + "told. Lists them and asks first, unless --yes.")
    static final class Delete extends Selecting {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The mail's name, as `queue list` shows it.")
        String name;

        @Option(names = "--sender", paramLabel = "ADDRESS", description = "Every mail from this sender.")
        String sender;

        @Option(names = "--recipient", paramLabel = "ADDRESS", description = "Every mail for this recipient.")
        String recipient;

        @Option(names = "--all", description = "Every mail.")
        boolean all;

        @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
        boolean yes;

        @Override
        String options() {
            return "--sender, --recipient or --all";
        }

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            String query = query(name, sender, recipient, all);
            if (!yes) {
                List<JsonNode> matching = QueueListing.matching(expect(client.get(BASE + "/mails?limit="
                    + 1_000_000 + (queue == null ? "" : "&queue=" + encode(queue)))), name, sender, recipient);
                if (matching.isEmpty()) {
                    if (name != null) {
                        throw new Refused(404, "there is no mail '" + name + "' in the queues");
                    }
                    out().println("No mail to delete.");
                    return Caducee.DONE;
                }
                matching.forEach(mail -> out().println("  " + QueueListing.summary(mail)));
                out().print("Delete these " + matching.size() + " mail(s)? They will never be delivered. [y/N] ");
                out().flush();
                String reply = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (reply == null || !reply.strip().toLowerCase().startsWith("y")) {
                    out().println("Nothing deleted.");
                    return Caducee.PROBLEMS;
                }
            }
            JsonNode answer = expect(client.send("DELETE", BASE + "/mails" + query, null));
            QueueListing.touched(out(), "deleted", answer.path("deleted"));
            return Caducee.DONE;
        }
    }
}
