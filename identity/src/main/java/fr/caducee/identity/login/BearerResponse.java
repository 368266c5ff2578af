package fr.caducee.identity.login;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SASL bearer-token response, read strictly; anything else is refused rather than guessed at.
 * <ul>
 * <li>OAUTHBEARER (RFC 7628): the GS2 header {@code n,,} or {@code n,a=<authzid>,} ({@code y} accepted in place of
 * {@code n}; channel binding {@code p=} is not offered, so refused), then {@code \x01}, then {@code key=value\x01}
 * pairs ({@code host}, {@code port}, {@code auth}...: keys are letters, each once), then a last {@code \x01};
 * {@code auth} is required and holds {@code Bearer <token>}. The authzid's {@code =2C} and {@code =3D} stand for
 * {@code ,} and {@code =} (RFC 5801).</li>
 * <li>XOAUTH2 (Google's): {@code user=<user>\x01auth=Bearer <token>\x01\x01}, in that order; an empty user names
 * no box.</li>
 * </ul>
 * Both arrive base64-encoded as the client sent them; the token is a {@code b64token} (RFC 6750).
 *
 * @param authorizationId the box the client names ({@code a=} / {@code user=}); empty when it names none
 * @param token           the access token
 */
public record BearerResponse(Optional<String> authorizationId, String token) {
    public static final String OAUTHBEARER = "OAUTHBEARER";
    public static final String XOAUTH2 = "XOAUTH2";
    private static final char KVSEP = '\u0001';
    private static final Pattern KEY = Pattern.compile("[A-Za-z]+");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7E\\t\\r\\n]*");
    private static final Pattern AUTH = Pattern.compile("(?i:Bearer) +([A-Za-z0-9\\-._~+/]+=*)");
    private static final Pattern SASLNAME = Pattern.compile("([^,=]|=2C|=3D)+");

    public BearerResponse {
        authorizationId = authorizationId.filter(id -> !id.isEmpty());
    }

    @Override
    public String toString() {
        return "BearerResponse[authorizationId=" + authorizationId + ", token=***]";
    }

    /** The response of {@code mechanism} (OAUTHBEARER or XOAUTH2, any case); empty when it is not one. */
    public static Optional<BearerResponse> parse(String mechanism, String base64) {
        Optional<String> decoded = decode(base64);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        return switch (mechanism.toUpperCase(Locale.ROOT)) {
            case OAUTHBEARER -> oauthBearer(decoded.get());
            case XOAUTH2 -> xoauth2(decoded.get());
            default -> Optional.empty();
        };
    }

    private static Optional<BearerResponse> oauthBearer(String response) {
        int headerEnd = response.indexOf(KVSEP);
        if (headerEnd < 0) {
            return Optional.empty();
        }
        Optional<Optional<String>> authzid = gs2Header(response.substring(0, headerEnd));
        Optional<Map<String, String>> pairs = pairs(response.substring(headerEnd + 1));
        if (authzid.isEmpty() || pairs.isEmpty() || !pairs.get().containsKey("auth")) {
            return Optional.empty();
        }
        return token(pairs.get().get("auth")).map(token -> new BearerResponse(authzid.get(), token));
    }

    /** {@code n,,} or {@code n,a=<saslname>,}: the authzid, itself empty when absent; empty when not a header. */
    private static Optional<Optional<String>> gs2Header(String header) {
        if (!header.startsWith("n,") && !header.startsWith("y,")) {
            return Optional.empty();
        }
        String rest = header.substring(2);
        if (rest.equals(",")) {
            return Optional.of(Optional.empty());
        }
        if (!rest.startsWith("a=") || !rest.endsWith(",")) {
            return Optional.empty();
        }
        String name = rest.substring(2, rest.length() - 1);
        if (!SASLNAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(name.replace("=2C", ",").replace("=3D", "=")));
    }

    /** {@code key=value\x01...\x01}: each key once; empty when the text is not that. */
    private static Optional<Map<String, String>> pairs(String text) {
        if (!text.endsWith(String.valueOf(KVSEP))) {
            return Optional.empty();
        }
        Map<String, String> pairs = new HashMap<>();
        String body = text.substring(0, text.length() - 1);
        if (body.isEmpty()) {
            return Optional.of(pairs);
        }
        if (!body.endsWith(String.valueOf(KVSEP))) {
            return Optional.empty();
        }
        for (String pair : body.substring(0, body.length() - 1).split(String.valueOf(KVSEP), -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                return Optional.empty();
            }
            String key = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            if (!KEY.matcher(key).matches() || !VALUE.matcher(value).matches()
                    || pairs.put(key.toLowerCase(Locale.ROOT), value) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(pairs);
    }

    private static Optional<BearerResponse> xoauth2(String response) {
        String[] parts = response.split(String.valueOf(KVSEP), -1);
        // user=...\x01auth=...\x01\x01 splits into the user, the auth and two empty strings.
        if (parts.length != 4 || !parts[2].isEmpty() || !parts[3].isEmpty()
                || !parts[0].startsWith("user=") || !parts[1].startsWith("auth=")) {
            return Optional.empty();
        }
        String user = parts[0].substring("user=".length());
        if (!VALUE.matcher(user).matches()) {
            return Optional.empty();
        }
        return token(parts[1].substring("auth=".length()))
            .map(token -> new BearerResponse(Optional.of(user.strip()), token));
    }

    private static Optional<String> token(String auth) {
        var matcher = AUTH.matcher(auth);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> decode(String base64) {
        if (base64 == null) {
            return Optional.empty();
        }
        String stripped = base64.strip();
        if (stripped.isEmpty() || stripped.equals("=")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stripped);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
