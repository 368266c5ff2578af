package fr.caducee.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The national directory's API MSSanté, as the tests need it: an HTTPS server on loopback that requires a client
 * certificate (a client without one is refused during the handshake), records every request (method, path, query,
 * headers, body, the client's certificate) and answers what the test scripted, call by call ({@link #answer}), or
 * by default as the guide says: the FHIR Patch applied to its carrier's telecoms (insert at an index, replace or
 * delete of {@code telecom.where(value = '...')}) and {@code 200} with the patched resource. Inserting an address the
 * carrier already has, or replacing one it does not have, is refused {@code 422} with an {@code OperationOutcome}, as
 * the guide says a box's address is unique within its carrier. What it holds is {@link #telecoms() readable}.
 * Scripted answers: a status with an {@code OperationOutcome} (400, 422, 503...), or a hang (no answer until the
 * client gives up).
 */
public final class FakeAnnuaire implements AutoCloseable {
    /** Where the API's FHIR base is on this server. */
    public static final String BASE_PATH = "/fhir/v2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WHERE = Pattern.compile(
        "^(Practitioner|PractitionerRole|Organization)\\.telecom\\.where\\(value = '((?:[^'\\\\]|\\\\.)*)'\\)$");

    /** A request as it arrived. {@code parameters} are the query's, decoded. */
    public record Request(String method, String path, String rawQuery, Map<String, String> parameters,
                          Map<String, List<String>> headers, String body, Optional<X509Certificate> client,
                          Instant at) {
        /** The first value of a header, whatever its case; empty when absent. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        /** The resource type the path names: {@code Practitioner}, {@code Organization}... */
        public String resourceType() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The carrier as a person reads it: {@code Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479}. */
        public String carrier() {
            StringBuilder shown = new StringBuilder(resourceType());
            String separator = "?";
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                shown.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
                separator = "&";
            }
            return shown.toString();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("the body is not JSON: " + body, e);
            }
        }

        /** The {@code type} of each operation of the FHIR Patch body, in order. */
        public List<String> operations() {
            List<String> types = new ArrayList<>();
            for (JsonNode operation : json().path("parameter")) {
                types.add(part(operation, "type").path("valueCode").asText());
            }
            return types;
        }
    }

    /** What to answer to one request: a status and a body (null: the patch applied, 200 with the resource), after a delay. */
    public record Answer(int status, String body, Duration delay) {
        /** The patch applied, answered as the guide says. */
        public static Answer applied() {
            return new Answer(200, null, Duration.ZERO);
        }

        /** A refusal or a failure with an OperationOutcome saying {@code text}. */
        public static Answer outcome(int status, String code, String text) {
            ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
            outcome.putArray("issue").addObject().put("severity", "error").put("code", code)
                .putObject("details").put("text", text);
            return new Answer(status, outcome.toString(), Duration.ZERO);
        }

        public static Answer unavailable() {
            return outcome(503, "transient", "Service temporairement indisponible");
        }

        /** No answer for {@code duration}: the client gives up first. */
        public static Answer hang(Duration duration) {
            return new Answer(0, null, duration);
        }
    }

    static {
        // The JDK's server leaves Nagle's algorithm on: each answer would wait for the client's delayed ACK (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-annuaire");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> scripted = new ArrayDeque<>();
    private final Map<String, List<JsonNode>> telecoms = new LinkedHashMap<>();

    private FakeAnnuaire(SSLContext tls, int port) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /**
     * {@code tls} presents the API's certificate (it must name {@code localhost}) and trusts the CAs the clients'
     * certificates must chain to.
     */
    public static FakeAnnuaire start(SSLContext tls) throws IOException {
        return new FakeAnnuaire(tls, 0);
    }

    /** The same on a port chosen beforehand (the server's settings name it before the fake can be made). */
    public static FakeAnnuaire start(SSLContext tls, int port) throws IOException {
        return new FakeAnnuaire(tls, port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The API's FHIR base, what {@code caducee.annuaire.url} names. */
    public URI base() {
        return URI.create("https://localhost:" + port() + BASE_PATH);
    }

    /** The next requests get these answers, in order; then the default (the patch applied). */
    public synchronized void answer(Answer... answers) {
        scripted.addAll(List.of(answers));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests about one box (its address in the body), in order. */
    public List<Request> requestsAbout(String box) {
        return requests.stream().filter(request -> request.body().contains("'" + box + "'")
            || request.body().contains("\"" + box + "\"")).toList();
    }

    /** Forgets the requests seen so far (not what it holds). */
    public void clearRequests() {
        requests.clear();
    }

    /** As new: no request seen, no answer scripted, nothing held. */
    public synchronized void reset() {
        requests.clear();
        scripted.clear();
        telecoms.clear();
    }

    /** The ContactPoints each carrier holds now, by carrier as {@link Request#carrier()} shows it. */
    public synchronized Map<String, List<JsonNode>> telecoms() {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        telecoms.forEach((carrier, list) -> copy.put(carrier, List.copyOf(list)));
        return copy;
    }

    /** The ContactPoint of a box, wherever it is held; empty when no carrier holds it. */
    public synchronized Optional<JsonNode> telecom(String box) {
        return telecoms.values().stream().flatMap(List::stream)
            .filter(contactPoint -> contactPoint.path("value").asText().equals(box)).findFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                rawQuery == null ? "" : rawQuery, parameters(rawQuery), Map.copyOf(exchange.getRequestHeaders()),
                new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8), client(exchange), Instant.now());
            requests.add(request);
            Answer answer = next();
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer.status() == 0) {
                return;
            }
            Answer given = answer.body() == null ? apply(request) : answer;
            byte[] body = given.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(given.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private synchronized Answer next() {
        return scripted.isEmpty() ? Answer.applied() : scripted.poll();
    }

    /** The default answer: the FHIR Patch applied to the carrier's telecoms, all its operations or none. */
    private synchronized Answer apply(Request request) {
        if (!request.method().equals("PATCH") || !request.path().startsWith(BASE_PATH + "/")) {
            return Answer.outcome(405, "not-supported", request.method() + " " + request.path() + " is not a PATCH of a resource");
        }
        if (!request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("application/fhir+json")) {
            return Answer.outcome(415, "not-supported", "FHIR Patch is application/fhir+json");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return Answer.outcome(400, "structure", "the body is not JSON");
        }
        if (!"Parameters".equals(body.path("resourceType").asText())) {
            return Answer.outcome(400, "structure", "a FHIR Patch is a Parameters resource");
        }
        List<JsonNode> list = new ArrayList<>(telecoms.getOrDefault(request.carrier(), List.of()));
        for (JsonNode operation : body.path("parameter")) {
            String type = part(operation, "type").path("valueCode").asText();
            String path = part(operation, "path").path("valueString").asText();
            String problem = switch (type) {
                case "insert" -> insert(list, request.resourceType(), path, operation);
                case "replace" -> replace(list, request.resourceType(), path, operation);
                case "delete" -> delete(list, request.resourceType(), path);
                default -> "operation " + type + " is not supported";
            };
            if (problem != null) {
                return Answer.outcome(422, "processing", problem);
            }
        }
        telecoms.put(request.carrier(), list);
        ObjectNode resource = JSON.createObjectNode().put("resourceType", request.resourceType())
            .put("id", "fake-" + Math.abs(request.carrier().hashCode()));
        ArrayNode identifiers = resource.putArray("identifier");
        request.parameters().values().forEach(value -> {
            int bar = value.indexOf('|');
            identifiers.addObject().put("system", value.substring(0, Math.max(bar, 0))).put("value", value.substring(bar + 1));
        });
        ArrayNode telecom = resource.putArray("telecom");
        list.forEach(telecom::add);
        return new Answer(200, resource.toString(), Duration.ZERO);
    }

    private static String insert(List<JsonNode> list, String resourceType, String path, JsonNode operation) {
        if (!path.equals(resourceType + ".telecom")) {
            return "insert: path " + path + " is not " + resourceType + ".telecom";
        }
        JsonNode value = part(operation, "value").path("valueContactPoint");
        int index = part(operation, "index").path("valueInteger").asInt(-1);
        if (value.isMissingNode() || index < 0 || index > list.size()) {
            return "insert: a valueContactPoint and an index from 0 to " + list.size() + " are required";
        }
        if (find(list, value.path("value").asText()) >= 0) {
            return "La BAL " + value.path("value").asText() + " existe déjà sur cette ressource";
        }
        list.add(index, value);
        return null;
    }

    private static String replace(List<JsonNode> list, String resourceType, String path, JsonNode operation) {
        Optional<String> address = address(resourceType, path);
        JsonNode value = part(operation, "value").path("valueContactPoint");
        if (address.isEmpty() || value.isMissingNode()) {
            return "replace: only a whole ContactPoint found by its value is supported here, not " + path;
        }
        int at = find(list, address.get());
        if (at < 0) {
            return "La BAL " + address.get() + " n'existe pas sur cette ressource";
        }
        if (!value.path("value").asText().equals(address.get())) {
            return "L'adresse d'une BAL n'est pas modifiable";
        }
        list.set(at, value);
        return null;
    }

    private static String delete(List<JsonNode> list, String resourceType, String path) {
        Optional<String> address = address(resourceType, path);
        if (address.isEmpty()) {
            return "delete: only a ContactPoint found by its value is supported here, not " + path;
        }
        int at = find(list, address.get());
        if (at >= 0) {
            list.remove(at);
        }
        return null;
    }

    private static Optional<String> address(String resourceType, String path) {
        Matcher matcher = WHERE.matcher(path);
        if (!matcher.matches() || !matcher.group(1).equals(resourceType)) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(2).replace("\\'", "'"));
    }

    private static int find(List<JsonNode> list, String address) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("value").asText().equals(address)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode part(JsonNode operation, String name) {
        for (JsonNode part : operation.path("part")) {
            if (name.equals(part.path("name").asText())) {
                return part;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static Optional<X509Certificate> client(HttpExchange exchange) {
        try {
            return Optional.of((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
