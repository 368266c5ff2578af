package fr.caducee.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a resource answers: status, content type, bytes, and any further header. */
public record ApiAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String FHIR_JSON = "application/fhir+json; charset=utf-8";

    public ApiAnswer {
        headers = Map.copyOf(headers);
    }

    public static ApiAnswer json(int status, String json) {
        return new ApiAnswer(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiAnswer fhir(int status, String json) {
        return new ApiAnswer(status, FHIR_JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiAnswer bytes(String contentType, byte[] body) {
        return new ApiAnswer(200, contentType, body, Map.of());
    }

    public static ApiAnswer noContent() {
        return new ApiAnswer(204, null, new byte[0], Map.of());
    }
}
