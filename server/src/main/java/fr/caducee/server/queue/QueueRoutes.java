package fr.caducee.server.queue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import fr.caducee.server.storage.spool.SpoolAdministration;
import fr.caducee.server.storage.spool.SpoolAdministration.QueuedMail;
import fr.caducee.server.storage.spool.SpoolAdministration.Selection;
import fr.caducee.server.storage.spool.SpoolAdministration.Touched;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The queues as an operator works them ({@code caducee queue}), where James's {@code /mailQueues} routes fall short:
 * they know no hold, list neither attempts nor errors, and name mails by a row that changes at each retry.
 * <pre>
 * GET    /queues                                  each queue: its size and its held mails
 * GET    /queues/mails[?queue=&amp;limit=]            the mails, oldest first (10,000 by default)
 * GET    /queues/mails/{name}[?message=true]      one mail: envelope, state, header fields, the message when asked
 * POST   /queues/hold?mail=|sender=|all=true[&amp;queue=]     held: neither delivered nor retried until released
 * POST   /queues/release?mail=|sender=|all=true[&amp;queue=]  released
 * POST   /queues/flush[?queue=|mail=]             made due now (every waiting mail when nothing is named)
 * DELETE /queues/mails?mail=|sender=|recipient=|all=true[&amp;queue=]  deleted
 * GET    /queues/processors?mailet=           the processors holding that mailet (where a kept mail failed)
 * </pre>
 * A change answers the mails it touched, each {@code {queue, name}}, and is in the audit trail before the answer
 * ({@code OPERATOR_ACTION}, rules {@code queue-held}, {@code -released}, {@code -flushed}, {@code -deleted}, with the
 * token's subject and the mails' names). An unknown queue or mail is {@code 404}, a selection that is not exactly one
 * of mail, sender, recipient or all is {@code 400}, each with a sentence; the database away is {@code 503}.
 */
public class QueueRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueRoutes.class);
    static final String BASE = "/queues";
    static final int DEFAULT_LIMIT = 10_000;
    static final int MOST = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The names of the mails a record lists, the rest counted: a record stays one readable line. */
    private static final int NAMES_IN_RECORD = 200;

    private final SpoolAdministration spool;
    private final AuditTrail trail;
    private final Optional<FailedProcessors> failedProcessors;

    @Inject
    public QueueRoutes(SpoolAdministration spool, AuditTrail trail, FailedProcessors failedProcessors) {
        this(spool, trail, Optional.of(failedProcessors));
    }

    QueueRoutes(SpoolAdministration spool, AuditTrail trail, Optional<FailedProcessors> failedProcessors) {
        this.spool = spool;
        this.trail = trail;
        this.failedProcessors = failedProcessors;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, this::queues);
        service.get(BASE + "/mails", this::list);
        service.get(BASE + "/mails/:name", this::show);
        service.get(BASE + "/processors", this::processors);
        service.post(BASE + "/hold", (request, response) -> change(request, response, Rule.QUEUE_HELD));
        service.post(BASE + "/release", (request, response) -> change(request, response, Rule.QUEUE_RELEASED));
        service.post(BASE + "/flush", (request, response) -> change(request, response, Rule.QUEUE_FLUSHED));
        service.delete(BASE + "/mails", (request, response) -> change(request, response, Rule.QUEUE_DELETED));
    }

    private Object queues(Request request, Response response) {
        return answer(response, () -> {
            ArrayNode queues = JSON.createArrayNode();
            for (String queue : spool.queueNames()) {
                queues.addObject().put("queue", queue).put("size", spool.count(queue, false))
                    .put("held", spool.count(queue, true));
            }
            return queues;
        });
    }

    Object list(Request request, Response response) {
        Optional<String> queue = parameter(request, "queue");
        if (queue.isPresent() && !spool.queueNames().contains(queue.get())) {
            return unknownQueue(response, queue.get());
        }
        int limit;
        try {
            limit = parameter(request, "limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            return error(response, 400, "InvalidArgument", "limit must be a number, was '" + request.queryParams("limit")
                + "'");
        }
        if (limit < 1 || limit > MOST) {
            return error(response, 400, "InvalidArgument", "limit must be between 1 and " + MOST + ", was " + limit);
        }
        return answer(response, () -> {
            ArrayNode mails = JSON.createArrayNode();
            spool.list(queue, limit).forEach(mail -> mails.add(json(mail)));
            return mails;
        });
    }

    private Object show(Request request, Response response) {
        String name = request.params(":name");
        boolean withMessage = parameter(request, "message").map(Boolean::parseBoolean).orElse(false);
        try {
            Optional<SpoolAdministration.MailDetails> details = spool.mail(name, withMessage);
            if (details.isEmpty()) {
                return unknownMail(response, name);
            }
            ObjectNode mail = json(details.get().mail());
            ArrayNode headers = mail.putArray("headers");
            details.get().headers().forEach(headers::add);
            details.get().message().ifPresent(bytes -> mail.put("message", new String(bytes, StandardCharsets.UTF_8)));
            return ok(response, mail);
        } catch (SQLException e) {
            return databaseAway(response, e);
        } catch (MessagingException e) {
            return error(response, 500, "ServerError", "mail " + name + ": its header fields cannot be read ("
                + e.getMessage() + ")");
        }
    }

    /** The processors holding a mailet ({@code ?mailet=}): where a kept mail whose error names it failed. */
    Object processors(Request request, Response response) {
        Optional<String> mailet = parameter(request, "mailet");
        if (mailet.isEmpty()) {
            return error(response, 400, "InvalidArgument", "say which mailet: mailet=<name>, as a mail's error names it");
        }
        ObjectNode answer = JSON.createObjectNode().put("mailet", mailet.get());
        ArrayNode processors = answer.putArray("processors");
        failedProcessors.ifPresent(container -> container.holding(mailet.get()).forEach(processors::add));
        return ok(response, answer);
    }

    Object change(Request request, Response response, Rule rule) {
        Selection selection = new Selection(parameter(request, "queue"), parameter(request, "mail"),
            parameter(request, "sender"), parameter(request, "recipient"),
            parameter(request, "all").map(Boolean::parseBoolean).orElse(false));
        if (selection.queue().isPresent() && !spool.queueNames().contains(selection.queue().get())) {
            return unknownQueue(response, selection.queue().get());
        }
        if (rule == Rule.QUEUE_FLUSHED && selection.criteria() == 0) {
            selection = new Selection(selection.queue(), Optional.empty(), Optional.empty(), Optional.empty(), true);
        }
        if (selection.criteria() != 1 || rule == Rule.QUEUE_FLUSHED && (selection.sender().isPresent()
                || selection.recipient().isPresent())
                || (rule == Rule.QUEUE_HELD || rule == Rule.QUEUE_RELEASED) && selection.recipient().isPresent()) {
            return error(response, 400, "InvalidArgument", usage(rule));
        }
        try {
            if (selection.mail().isPresent() && spool.mail(selection.mail().get(), false).isEmpty()) {
                return unknownMail(response, selection.mail().get());
            }
            List<Touched> touched = switch (rule) {
                case QUEUE_HELD -> spool.hold(selection);
                case QUEUE_RELEASED -> spool.release(selection);
                case QUEUE_FLUSHED -> spool.flush(selection);
                default -> spool.delete(selection);
            };
            if (!touched.isEmpty()) {
                audit(request, rule, selection, touched);
            }
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode mails = answer.putArray(key(rule));
            touched.forEach(mail -> mails.addObject().put("queue", mail.queue()).put("name", mail.name()));
            return ok(response, answer);
        } catch (SQLException | MessagingException e) {
            return databaseAway(response, e);
        }
    }

    /** On disk before the answer: an operator who reads the answer knows the change is traced. */
    private void audit(Request request, Rule rule, Selection selection, List<Touched> touched) {
        String login = request.attribute(AuthenticationFilter.LOGIN);
        String names = touched.stream().limit(NAMES_IN_RECORD).map(mail -> mail.queue() + "/" + mail.name())
            .collect(Collectors.joining(", "));
        String more = touched.size() > NAMES_IN_RECORD ? " and " + (touched.size() - NAMES_IN_RECORD) + " more" : "";
        trail.append(AuditRecord.builder(rule.decision())
            .rule(rule.id())
            .reason(key(rule) + " " + touched.size() + " mail(s) (" + describe(selection) + "): " + names + more)
            .via("webadmin")
            .login(login)
            .mail(touched.size() == 1 ? touched.get(0).name() : null)
            .sender(selection.sender().orElse(null))
            .remote(request.ip())
            .build());
        LOGGER.info("Queues: {} {} mail(s) ({}) for {}", key(rule), touched.size(), describe(selection), login);
    }

    private static String describe(Selection selection) {
        String which = selection.mail().map(name -> "mail " + name)
            .or(() -> selection.sender().map(sender -> "sender " + sender))
            .or(() -> selection.recipient().map(recipient -> "recipient " + recipient))
            .orElse("all");
        return which + selection.queue().map(queue -> " in " + queue).orElse("");
    }

    private static String key(Rule rule) {
        return switch (rule) {
            case QUEUE_HELD -> "held";
            case QUEUE_RELEASED -> "released";
            case QUEUE_FLUSHED -> "flushed";
            default -> "deleted";
        };
    }

    private static String usage(Rule rule) {
        return switch (rule) {
            case QUEUE_HELD, QUEUE_RELEASED -> "say which mails: exactly one of mail=<name>, sender=<address> or all=true"
                + " (and queue=<name> to stay in one queue)";
            case QUEUE_FLUSHED -> "say which mails: mail=<name>, or queue=<name>, or nothing for every queue";
            default -> "say which mails: exactly one of mail=<name>, sender=<address>, recipient=<address> or all=true"
                + " (and queue=<name> to stay in one queue)";
        };
    }

    static ObjectNode json(QueuedMail mail) {
        ObjectNode json = JSON.createObjectNode()
            .put("queue", mail.queue())
            .put("name", mail.name())
            .put("size", mail.size())
            .put("sender", mail.sender());
        ArrayNode recipients = json.putArray("recipients");
        mail.recipients().forEach(recipients::add);
        json.put("queued", text(mail.queued()))
            .put("attempts", mail.attempts())
            .put("nextAttempt", text(mail.nextAttempt()))
            .put("state", mail.state());
        mail.lastError().ifPresent(error -> json.put("lastError", error));
        return json.put("held", mail.held()).put("processing", mail.processing());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Optional<String> parameter(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private Object unknownQueue(Response response, String queue) {
        Set<String> names = spool.queueNames();
        return error(response, 404, "notFound", "there is no queue '" + queue + "': the queues are "
            + String.join(", ", names));
    }

    private static Object unknownMail(Response response, String name) {
        return error(response, 404, "notFound", "there is no mail '" + name + "' in the queues (delivered, deleted, or "
            + "never there: caducee queue list)");
    }

    private static Object databaseAway(Response response, Exception e) {
        LOGGER.warn("Queues: the database cannot be reached: {}", e.toString());
        return error(response, 503, "ServerError", "the database cannot be reached: try again");
    }

    private interface Body {
        Object get() throws SQLException;
    }

    private static Object answer(Response response, Body body) {
        try {
            return ok(response, body.get());
        } catch (SQLException e) {
            return databaseAway(response, e);
        }
    }

    private static Object ok(Response response, Object body) {
        response.type("application/json");
        return body.toString();
    }

    static String error(Response response, int status, String type, String message) {
        response.status(status);
        response.type("application/json");
        return JSON.createObjectNode().put("statusCode", status).put("type", type).put("message", message).toString();
    }
}
