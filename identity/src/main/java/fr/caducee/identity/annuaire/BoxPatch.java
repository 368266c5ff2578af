package fr.caducee.identity.annuaire;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;
import fr.caducee.domain.model.BoxAddress;

/**
 * One request to the API MSSanté about one box, as its guide writes it (spec-technique-flux-alimentation): a
 * conditional {@code PATCH [base]/<carrier>?<identifier>} with {@code Content-Type: application/fhir+json} and a
 * FHIR Patch body, a {@code Parameters} resource of {@code operation}s on the carrier's {@code telecom}, the box
 * found by its address ({@code telecom.where(value = '<address>')}):
 * <ul>
 * <li>{@link Operation#INSERT}: a new box, inserted at index 0 ("ajout d'une BAL");</li>
 * <li>{@link Operation#REPLACE}: the whole ContactPoint replaced, every attribute in one request ("mise à jour de
 * l'attribut telecom en entier");</li>
 * <li>{@link Operation#DELETE}: the box removed ("suppression d'une BAL");</li>
 * <li>{@link Operation#REINSERT}: delete then insert in one request ("opérations combinées", applied in order): when
 * we cannot know whether the Annuaire holds the box (an answer lost, a first publication), the same request is right
 * either way, since FHIR Patch deletes only what it finds.</li>
 * </ul>
 *
 * @param operation what is asked
 * @param box       the box
 * @param carrier   the resource that carries it
 * @param body      the {@code Parameters} as JSON
 * @param entry     the ContactPoint sent (JSON), what the Annuaire holds once the request is taken; empty for a delete
 */
public record BoxPatch(Operation operation, BoxAddress box, Carrier carrier, String body, Optional<String> entry) {
    public static final String METHOD = "PATCH";
    public static final String CONTENT_TYPE = "application/fhir+json";
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a request asks of the Annuaire; {@link #code()} is what the publication report and the audit say. */
    public enum Operation {
        INSERT, REPLACE, DELETE, REINSERT;

        public String code() {
            return this == REINSERT ? "delete+insert" : name().toLowerCase(Locale.ROOT);
        }

        public static Operation fromCode(String code) {
            for (Operation operation : values()) {
                if (operation.code().equals(code)) {
                    return operation;
                }
            }
            throw new IllegalArgumentException("not an operation on a box: " + code);
        }
    }

    public BoxPatch {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(entry, "entry");
    }

    public static BoxPatch insert(PublishedBox box) {
        Parameters parameters = new Parameters();
        addInsert(parameters, box);
        return of(Operation.INSERT, box.address(), box.carrier(), parameters, Optional.of(box));
    }

    public static BoxPatch replace(PublishedBox box) {
        Parameters parameters = new Parameters();
        Parameters.ParametersParameterComponent operation = operation(parameters, "replace", element(box.carrier(), box.address()));
        operation.addPart().setName("value").setValue(MailboxContactPoint.of(box));
        return of(Operation.REPLACE, box.address(), box.carrier(), parameters, Optional.of(box));
    }

    public static BoxPatch delete(Carrier carrier, BoxAddress box) {
        Parameters parameters = new Parameters();
        addDelete(parameters, carrier, box);
        return of(Operation.DELETE, box, carrier, parameters, Optional.empty());
    }

    public static BoxPatch reinsert(PublishedBox box) {
        Parameters parameters = new Parameters();
        addDelete(parameters, box.carrier(), box.address());
        addInsert(parameters, box);
        return of(Operation.REINSERT, box.address(), box.carrier(), parameters, Optional.of(box));
    }

    /** The request's target under the API's base, percent-encoded. */
    public String pathAndQuery() {
        return carrier.pathAndQuery();
    }

    private static void addInsert(Parameters parameters, PublishedBox box) {
        Parameters.ParametersParameterComponent operation = operation(parameters, "insert",
            box.carrier().resourceType() + ".telecom");
        operation.addPart().setName("index").setValue(new IntegerType(0));
        operation.addPart().setName("value").setValue(MailboxContactPoint.of(box));
    }

    private static void addDelete(Parameters parameters, Carrier carrier, BoxAddress box) {
        operation(parameters, "delete", element(carrier, box));
    }

    private static Parameters.ParametersParameterComponent operation(Parameters parameters, String type, String path) {
        Parameters.ParametersParameterComponent operation = parameters.addParameter().setName("operation");
        operation.addPart().setName("type").setValue(new CodeType(type));
        operation.addPart().setName("path").setValue(new StringType(path));
        return operation;
    }

    /** The FHIRPath of the box among its carrier's telecoms; a quote in the address is escaped as FHIRPath says. */
    static String element(Carrier carrier, BoxAddress box) {
        return carrier.resourceType() + ".telecom.where(value = '" + box.address().replace("'", "\\'") + "')";
    }

    private static BoxPatch of(Operation operation, BoxAddress box, Carrier carrier, Parameters parameters,
                               Optional<PublishedBox> published) {
        String body = FHIR.newJsonParser().encodeResourceToString(parameters);
        return new BoxPatch(operation, box, carrier, body, published.map(BoxPatch::entryOf));
    }

    /** The ContactPoint of a box as JSON, the same characters whenever the box is the same. */
    static String entryOf(PublishedBox box) {
        Parameters wrapper = new Parameters();
        wrapper.addParameter().setName("entry").setValue(MailboxContactPoint.of(box));
        try {
            return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(wrapper))
                .path("parameter").path(0).path("valueContactPoint").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that Jackson cannot read", e);
        }
    }
}
