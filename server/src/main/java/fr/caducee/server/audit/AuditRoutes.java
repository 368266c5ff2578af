package fr.caducee.server.audit;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.audit.AuditJson;
import fr.caducee.audit.AuditQuery;
import fr.caducee.audit.AuditReader;
import fr.caducee.audit.BoxTypes;
import fr.caducee.audit.Decision;
import fr.caducee.audit.QueryResult;
import fr.caducee.audit.UsageIndicators;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.rules.Rule;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The audit trail over WebAdmin:
 * <pre>
 * GET /audit?box=&amp;messageId=&amp;mail=&amp;decision=&amp;from=&amp;to=&amp;limit=   matching records, a JSON array, oldest first
 * GET /audit/export?from=&amp;to=                                   every record of the range, JSON lines, streamed
 * GET /audit/indicators?month=2026-11                             the month's usage indicators
 * </pre>
 * {@code from} and {@code to} are instants ({@code 2026-11-24T08:00:00Z}) or UTC days ({@code 2026-11-24}: from
 * its start, or to its end); {@code to} is excluded. Without either, the last 31 days. The query keeps the latest
 * {@code limit} records (default 1000, at most 100,000) and says in {@code X-Audit-Matched} how many matched.
 * A bad parameter answers 400 naming it.
 */
public class AuditRoutes implements Routes {
    static final String BASE = "/audit";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;
    static final Duration DEFAULT_RANGE = Duration.ofDays(31);
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECISIONS = Arrays.stream(Decision.values()).map(Enum::name)
        .collect(Collectors.joining(", "));

    private final AuditReader reader;
    private final BoxTypes boxTypes;
    private final Clock clock;

    @Inject
    public AuditRoutes(AuditReader reader, BoxTypes boxTypes) {
        this(reader, boxTypes, Clock.systemUTC());
    }

    AuditRoutes(AuditReader reader, BoxTypes boxTypes, Clock clock) {
        this.reader = reader;
        this.boxTypes = boxTypes;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.exception(BadParameter.class, (exception, request, response) ->
            error(response, HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT, exception.getMessage()));
        service.get(BASE, this::query);
        service.get(BASE + "/export", this::export);
        service.get(BASE + "/indicators", this::indicators);
    }

    private Object query(Request request, Response response) {
        Range range = range(request);
        AuditQuery query = new AuditQuery(request.queryParams("box"), request.queryParams("messageId"),
            request.queryParams("mail"), decision(request), range.from, range.to, limit(request));
        QueryResult result = reader.query(query);
        response.type("application/json");
        response.header("X-Audit-Matched", String.valueOf(result.matched()));
        StringBuilder body = new StringBuilder(result.records().size() * 400 + 2).append('[');
        for (int i = 0; i < result.records().size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(new String(AuditJson.line(result.records().get(i)), StandardCharsets.UTF_8).stripTrailing());
        }
        return body.append(']').toString();
    }

    /** Streams the lines as they are read: a month of records never sits in memory. */
    private Object export(Request request, Response response) throws Exception {
        Range range = range(request);
        response.type("application/x-ndjson");
        response.header("Content-Disposition", "attachment; filename=\"audit-" + range.from + "-" + range.to + ".jsonl\"");
        response.status(HttpStatus.OK_200);
        try (Stream<String> lines = reader.export(range.from, range.to);
             Writer out = new BufferedWriter(new OutputStreamWriter(response.raw().getOutputStream(),
                 StandardCharsets.UTF_8), 64 * 1024)) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                out.write(it.next());
                out.write('\n');
            }
        }
        return "";
    }

    private Object indicators(Request request, Response response) {
        YearMonth month = month(request);
        UsageIndicators indicators;
        try {
            indicators = reader.indicators(month, boxTypes);
        } catch (DirectoryUnavailableException e) {
            LOGGER.error("Indicators of {}: the directory cannot be read", month, e);
            return error(response, HttpStatus.SERVICE_UNAVAILABLE_503, ErrorType.SERVER_ERROR,
                "The directory cannot be read to tell box types apart: try again later (" + e.getMessage() + ")");
        }
        ObjectNode body = JSON.createObjectNode().put("month", month.toString());
        body.set("sent", JSON.valueToTree(indicators.sent()));
        body.set("received", JSON.valueToTree(indicators.received()));
        body.put("activeBoxes", indicators.activeBoxes());
        body.set("activeByType", JSON.valueToTree(indicators.activeByType()));
        body.set("refusalsByRule", JSON.valueToTree(indicators.refusalsByRule()));
        ObjectNode decisions = body.putObject("decisions");
        for (Map.Entry<Decision, Long> entry : indicators.decisions().entrySet()) {
            decisions.put(entry.getKey().name(), entry.getValue());
        }
        body.set("emergency", emergency(indicators.emergencyVisits()));
        response.type("application/json");
        return body.toString();
    }

    /**
     * The patients the gateway saw arrive at an emergency department (visits whose last outcome is not a
     * cancellation) and the share whose GP was notified.
     */
    private static ObjectNode emergency(Map<String, Long> visits) {
        long cancelled = visits.getOrDefault(Rule.ED_CANCELLED.id(), 0L);
        long patients = visits.values().stream().mapToLong(Long::longValue).sum() - cancelled;
        long notified = visits.getOrDefault(Rule.ED_GP_NOTIFIED.id(), 0L);
        ObjectNode emergency = JSON.createObjectNode().put("patients", patients).put("gpNotified", notified);
        if (patients > 0) {
            emergency.put("gpNotifiedShare", Math.round(1000.0 * notified / patients) / 1000.0);
        } else {
            emergency.putNull("gpNotifiedShare");
        }
        emergency.set("byOutcome", JSON.valueToTree(visits));
        return emergency;
    }

    private record Range(Instant from, Instant to) {
    }

    private Range range(Request request) {
        String fromParam = request.queryParams("from");
        String toParam = request.queryParams("to");
        Instant to = blank(toParam) ? clock.instant().plusSeconds(1) : instant("to", toParam, true);
        Instant from = blank(fromParam) ? to.minus(DEFAULT_RANGE) : instant("from", fromParam, false);
        if (!from.isBefore(to)) {
            throw new BadParameter("from (" + from + ") must be before to (" + to + ")");
        }
        return new Range(from, to);
    }

    private static Instant instant(String name, String value, boolean endOfDay) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name + " '" + value + "' is neither an instant (2026-11-24T08:00:00Z) nor a day (2026-11-24)");
        }
    }

    private static Decision decision(Request request) {
        String value = request.queryParams("decision");
        if (blank(value)) {
            return null;
        }
        try {
            return Decision.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("decision '" + value + "' is not one of " + DECISIONS);
        }
    }

    private static int limit(Request request) {
        String value = request.queryParams("limit");
        if (blank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter("limit '" + value + "' must be a number from 1 to " + MAX_LIMIT);
    }

    private YearMonth month(Request request) {
        String value = request.queryParams("month");
        if (blank(value)) {
            return YearMonth.now(clock);
        }
        try {
            return YearMonth.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadParameter("month '" + value + "' is not a month of the form YYYY-MM");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String error(Response response, int status, ErrorType type, String message) {
        String body = ErrorResponder.builder().statusCode(status).type(type).message("%s", message).asString();
        response.status(status);
        response.type("application/json");
        response.body(body);
        return body;
    }

    /** A query parameter that cannot be understood; the message names it. */
    static final class BadParameter extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadParameter(String message) {
            super(message);
        }
    }
}
