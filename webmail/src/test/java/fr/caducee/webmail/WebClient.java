package fr.caducee.webmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the webmail can tell: one User-Agent, the webmail's cookie kept by hand (the cookie is
 * {@code Secure} and these tests speak plain HTTP), the {@code Origin} a browser sends with a form.
 */
final class WebClient {
    static final String ORIGIN = "https://webmail.caducee.test";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("__Host-webmail=([^;]*)(.*)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String userAgent;
    String origin = ORIGIN;
    String cookie;
    HttpResponse<String> last;

    WebClient(int port, String userAgent) {
        this.base = "http://127.0.0.1:" + port;
        this.userAgent = userAgent;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** Posts the fields, and the page's token when {@code csrf} is not among them. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>(fields);
        if (!form.containsKey("csrf") && last != null) {
            csrf().ifPresent(token -> form.put("csrf", token));
        }
        form.values().removeIf(value -> value == null);
        String body = form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
            + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        last = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        last.headers().allValues("Set-Cookie").forEach(this::keep);
        return last;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
            .header("User-Agent", userAgent);
        if (cookie != null) {
            builder.header("Cookie", "__Host-webmail=" + cookie);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder;
    }

    private void keep(String setCookie) {
        Matcher matcher = COOKIE.matcher(setCookie);
        if (matcher.matches()) {
            cookie = matcher.group(2).contains("Max-Age=0") ? null : matcher.group(1);
        }
    }

    java.util.Optional<String> csrf() {
        Matcher matcher = CSRF.matcher(last.body());
        return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
    }

    /**
     * A GET sent from another local address (127.0.0.2): what a stolen cookie looks like from elsewhere. Plain HTTP/1.1
     * over a socket, since java.net.http cannot choose its source address.
     */
    String getFrom(String localAddress, int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port,
                InetAddress.getByName(localAddress), 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: " + userAgent
                + "\r\nCookie: __Host-webmail=" + cookie + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** RFC 4648 base32, spaces ignored: the secret as the enrolment page shows it. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace(" ", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
