package fr.caducee.server.records.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.records.DocumentStatus;

class MhdDocumentsTest {
    private static final UUID ID = UUID.fromString("0b8f6f3e-2f7a-4a7e-9d7e-2a1b3c4d5e6f");
    private static final UUID PREVIOUS = UUID.fromString("1b8f6f3e-2f7a-4a7e-9d7e-2a1b3c4d5e6f");

    private static StoredDocument document() {
        return new StoredDocument(ID, "1.2.250.1.213.1.1.9.42", "set", 2, "184057512345625", "1.2.250.1.213.1.4.8",
            "810000000001", "11502-2", "CR de biologie", Set.of("N", "MASQUE_PS"),
            Optional.of(Instant.parse("2026-12-01T10:00:00Z")), DocumentStatus.CURRENT, Optional.of(PREVIOUS),
            "text/xml", 1234, new byte[32], Instant.parse("2026-12-02T08:00:00Z"), "lab@h.localhost");
    }

    @Test
    void aVersionIsADocumentReferenceAsMhdDescribesIt() throws Exception {
        JsonNode bundle = new ObjectMapper().readTree(MhdDocuments.searchSet(List.of(document()), "https://h:10443"));
        assertThat(bundle.path("type").asText()).isEqualTo("searchset");
        assertThat(bundle.path("total").asInt()).isEqualTo(1);
        JsonNode reference = bundle.path("entry").get(0).path("resource");
        assertThat(reference.path("masterIdentifier").path("value").asText()).isEqualTo("urn:oid:1.2.250.1.213.1.1.9.42");
        assertThat(reference.path("subject").path("identifier").path("system").asText()).isEqualTo("urn:oid:1.2.250.1.213.1.4.8");
        assertThat(reference.path("author").get(0).path("identifier").path("value").asText()).isEqualTo("810000000001");
        assertThat(reference.path("securityLabel").findValuesAsText("code")).containsExactlyInAnyOrder("N", "MASQUE_PS");
        assertThat(reference.path("relatesTo").get(0).path("target").path("reference").asText())
            .isEqualTo("DocumentReference/" + PREVIOUS);
        JsonNode attachment = reference.path("content").get(0).path("attachment");
        assertThat(attachment.path("url").asText()).isEqualTo("https://h:10443/fhir/Binary/" + ID);
        assertThat(attachment.path("size").asInt()).isEqualTo(1234);
        assertThat(attachment.path("extension").get(0).path("url").asText()).isEqualTo(MhdDocuments.SHA256_EXTENSION);
    }

    @Test
    void aUniqueIdThatIsNoOidIsKeptAsWritten() throws Exception {
        StoredDocument document = document();
        StoredDocument rootAndExtension = new StoredDocument(document.id(), "1.2.3^ABC-42", document.setId(),
            document.version(), document.patientIns(), document.insAuthority(), document.authorIdNat(),
            document.typeCode(), document.title(), document.confidentialityCodes(), Optional.empty(),
            DocumentStatus.SUPERSEDED, Optional.empty(), document.mediaType(), document.size(), document.sha256(),
            document.depositedAt(), document.depositedBy());
        JsonNode reference = new ObjectMapper().readTree(MhdDocuments.searchSet(List.of(rootAndExtension), "https://h"))
            .path("entry").get(0).path("resource");
        assertThat(reference.path("masterIdentifier").path("value").asText()).isEqualTo("1.2.3^ABC-42");
        assertThat(reference.path("status").asText()).isEqualTo("superseded");
    }
}
