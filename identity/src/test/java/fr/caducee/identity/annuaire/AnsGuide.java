package fr.caducee.identity.annuaire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The examples of ANS's guide to the API MSSanté, read from its files kept verbatim under
 * {@code src/test/resources/annuaire/ans/} (see the README there): the JSON blocks of the page on writes, found by
 * their heading, and the request examples of the OpenAPI, found by path and name.
 */
final class AnsGuide {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TYPE_MESSAGERIE = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie";
    private static final String FOLDER = "/annuaire/ans/";

    private AnsGuide() {
    }

    /** One example of a page: the lines before the JSON (request line, Content-Type) and the JSON. */
    record PageExample(List<String> request, JsonNode body) {
        String requestLine() {
            return request.get(0);
        }
    }

    /** The example under {@code #### Exemple — <title>} of a page. */
    static PageExample page(String file, String title) {
        List<String> lines = read(file).lines().toList();
        int heading = lines.indexOf("#### Exemple — " + title);
        if (heading < 0) {
            throw new IllegalArgumentException("no example \"" + title + "\" in " + file);
        }
        int open = heading + 1;
        while (!lines.get(open).startsWith("```")) {
            open++;
        }
        List<String> request = new ArrayList<>();
        StringBuilder json = new StringBuilder();
        for (int i = open + 1; !lines.get(i).startsWith("```"); i++) {
            if (json.length() == 0 && !lines.get(i).startsWith("{")) {
                if (!lines.get(i).isBlank()) {
                    request.add(lines.get(i));
                }
            } else {
                json.append(lines.get(i)).append('\n');
            }
        }
        try {
            return new PageExample(request, JSON.readTree(json.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("the example \"" + title + "\" of " + file + " is not JSON", e);
        }
    }

    /** The request example {@code name} of {@code PATCH <path>} in the OpenAPI, as JSON. */
    static JsonNode openApi(String path, String name) {
        Map<String, Object> api = new Yaml().load(read("openapi-balmss.yaml"));
        JsonNode root = JSON.valueToTree(api);
        JsonNode example = root.path("paths").path(path).path("patch").path("requestBody").path("content")
            .path("application/fhir+json").path("examples").path(name).path("value");
        if (example.isMissingNode()) {
            throw new IllegalArgumentException("no example " + name + " of PATCH " + path + " in the OpenAPI");
        }
        return example;
    }

    /** A response example of the OpenAPI's components, as the API would send it. */
    static JsonNode openApiResponse(String name) {
        Map<String, Object> api = new Yaml().load(read("openapi-balmss.yaml"));
        return JSON.valueToTree(api).path("components").path("responses").path(name).path("content")
            .path("application/fhir+json").path("example");
    }

    /**
     * The page on writes gives a box's type as {@code "valueCode": "PER"}; the extension's definition (Annuaire IG,
     * as-ext-mailbox-mss-metadata) makes it a CodeableConcept of TRE_R257-TypeBAL, which is what we send.
     */
    static JsonNode withTypeAsDefined(JsonNode guide) {
        JsonNode copy = guide.deepCopy();
        for (JsonNode type : copy.findParents("url")) {
            if (type.path("url").asText().equals("type") && type.has("valueCode")) {
                ObjectNode node = (ObjectNode) type;
                String code = node.remove("valueCode").asText();
                ArrayNode coding = node.putObject("valueCodeableConcept").putArray("coding");
                coding.addObject().put("system", MailboxContactPoint.TYPE_SYSTEM).put("code", code);
            }
        }
        return copy;
    }

    /**
     * The OpenAPI's examples code a box's type in TRE_R256-TypeMessagerie (the messaging types: MSSANTE...), where the
     * extension's binding and the guide's own data model use TRE_R257-TypeBAL; and they give every box {@code rank} 1,
     * where we send no rank (our directory records no preferred box).
     */
    static JsonNode withTypeSystemAsDefinedAndNoRank(JsonNode guide) {
        JsonNode copy = guide.deepCopy();
        for (JsonNode coding : copy.findParents("system")) {
            if (coding.path("system").asText().equals(TYPE_MESSAGERIE)) {
                ((ObjectNode) coding).put("system", MailboxContactPoint.TYPE_SYSTEM);
            }
        }
        for (JsonNode contactPoint : copy.findValues("valueContactPoint")) {
            ((ObjectNode) contactPoint).remove("rank");
        }
        return copy;
    }

    /** The box element of the data model's Practitioner example, without what a PATCH body does not carry. */
    static JsonNode dataModelTelecom() {
        JsonNode practitioner = page("spec-technique-intro.md", "Practitioner avec une BAL PER").body();
        ObjectNode telecom = (ObjectNode) practitioner.path("telecom").path(0).deepCopy();
        telecom.remove("rank");
        ArrayNode extensions = (ArrayNode) telecom.path("extension");
        for (Iterator<JsonNode> it = extensions.elements(); it.hasNext(); ) {
            if (!it.next().path("url").asText().equals(MailboxContactPoint.METADATA_URL)) {
                it.remove();
            }
        }
        return telecom;
    }

    static String read(String file) {
        try (InputStream in = AnsGuide.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + FOLDER + file + " among the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
