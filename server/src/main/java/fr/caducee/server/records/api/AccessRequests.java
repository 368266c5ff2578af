package fr.caducee.server.records.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import fr.caducee.records.access.AccessMode;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.Reader;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.rules.Rule;

/**
 * The access mode a request declares: {@code X-Access-Mode: emergency} (bris de glace) or {@code regulator}
 * (SAMU-Centre 15) with {@code X-Access-Justification: <why>} (UTF-8, percent-encoded beyond ASCII); no header for
 * a normal access.
 */
final class AccessRequests {
    static final String MODE = "X-Access-Mode";
    static final String JUSTIFICATION = "X-Access-Justification";

    private AccessRequests() {
    }

    static AccessRequest of(ApiCall call, Reader reader) throws ApiRefusal {
        Optional<String> declared = call.header(MODE).map(value -> value.strip().toLowerCase(Locale.ROOT));
        Optional<String> justification = call.header(JUSTIFICATION).map(AccessRequests::decoded);
        if (declared.isEmpty() || declared.get().equals("normal")) {
            return AccessRequest.normal(reader);
        }
        AccessMode mode = switch (declared.get()) {
            case "emergency" -> AccessMode.EMERGENCY;
            case "regulator" -> AccessMode.REGULATOR;
            default -> throw ApiRefusal.of(Rule.RECORD_MODE_UNKNOWN, MODE + " is normal, emergency or regulator, "
                + "not " + declared.get());
        };
        return new AccessRequest(reader, mode, justification);
    }

    private static String decoded(String header) {
        try {
            return URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return header;
        }
    }
}
