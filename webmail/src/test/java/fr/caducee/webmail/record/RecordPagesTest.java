package fr.caducee.webmail.record;

import static fr.caducee.webmail.mail.FakePorts.DR_MARTIN;
import static fr.caducee.webmail.mail.FakePorts.LEA;
import static fr.caducee.webmail.mail.FakePorts.NOW;
import static fr.caducee.webmail.mail.FakePorts.PAUL;
import static fr.caducee.webmail.mail.FakePorts.get;
import static fr.caducee.webmail.mail.FakePorts.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.mail.FakePorts;
import fr.caducee.webmail.mail.Who;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;

class RecordPagesTest {
    private final FakePorts ports = new FakePorts();
    private final RecordPages pages = new RecordPages(ports.services());

    @Test
    void pathsOfOtherPagesAndPostsAreLeftToOthers() throws WebRefusal {
        assertThat(pages.answer(get("/conversations"))).isEmpty();
        assertThat(pages.answer(get("/documentsX"))).isEmpty();
        assertThat(pages.answer(post("/documents", Map.of()))).isEmpty();
        assertThat(pages.answer(post("/acces", Map.of()))).isEmpty();
    }

    @Test
    void theDocumentsAreListedWithTypeAuthorDateFormatAndADownloadLink() throws WebRefusal {
        ports.record.documents.add(new RecordEntry("doc 1", "Compte rendu de biologie", "Compte rendu de biologie",
            DR_MARTIN, NOW, NOW, true));
        ports.record.documents.add(new RecordEntry("doc2", "Lettre de liaison", "11490-0", DR_MARTIN,
            java.time.Instant.parse("2026-01-01T08:00:00Z"), NOW, false));

        Answer.Page page = (Answer.Page) pages.answer(get("/documents")).orElseThrow();

        assertThat(page.template()).isEqualTo("documents");
        assertThat(page.variables().get("documents")).isEqualTo(List.of(
            new RecordPages.Document("Compte rendu de biologie", "Compte rendu de biologie", Who.of(DR_MARTIN),
                "12 mars 2026", "2026-03-12T14:05:00+01:00", "PDF", "/documents/doc%201",
                "Télécharger Compte rendu de biologie (PDF)"),
            new RecordPages.Document("Lettre de liaison", "11490-0", Who.of(DR_MARTIN), "1er janvier 2026",
                "2026-01-01T09:00:00+01:00", "CDA", "/documents/doc2", "Télécharger Lettre de liaison (CDA)")));
        assertThat(page.variables().get("representative")).isEqualTo(false);
    }

    @Test
    void aRepresentativeIsToldSomeDocumentsAreNotShownToThem() throws WebRefusal {
        Answer.Page page = (Answer.Page) pages.answer(FakePorts.as(new Viewer(PAUL, LEA), get("/documents"))).orElseThrow();

        assertThat(page.variables().get("representative")).isEqualTo(true);
    }

    @Test
    void aDocumentIsDownloadedAsTheRecordGivesIt() throws WebRefusal {
        Download pdf = new Download("compte-rendu.pdf", "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
        ports.record.downloads.put("doc 1", pdf);

        assertThat(pages.answer(get("/documents/doc 1"))).contains(new Answer.File(pdf));
    }

    @Test
    void anUnknownOrHiddenDocumentIsNotFound() {
        assertThatThrownBy(() -> pages.answer(get("/documents/someone-elses")))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_NOT_FOUND);
                assertThat(refusal.status()).isEqualTo(404);
            });
        assertThatThrownBy(() -> pages.answer(get("/documents/")))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_NOT_FOUND));
    }

    @Test
    void theAccessLogSaysWhenWhoHowAndWhyInWords() throws WebRefusal {
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "emergency", Optional.of("Compte rendu"),
            Optional.of("Patient inconscient aux urgences")));
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "regulator", Optional.empty(), Optional.of("Appel 15")));
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "normal", Optional.empty(), Optional.empty()));
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "patient", Optional.empty(), Optional.empty()));
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "future-mode", Optional.empty(), Optional.empty()));

        Answer.Page page = (Answer.Page) pages.answer(get("/acces")).orElseThrow();

        @SuppressWarnings("unchecked")
        List<RecordPages.Access> accesses = (List<RecordPages.Access>) page.variables().get("accesses");
        assertThat(accesses).extracting(RecordPages.Access::mode).containsExactly("Accès en urgence (bris de glace)",
            "Régulation (SAMU)", "Accès normal", "Consultation par le patient ou son représentant légal", "future-mode");
        assertThat(accesses.get(0)).isEqualTo(new RecordPages.Access("12 mars 2026 à 14:05", "2026-03-12T14:05:00+01:00",
            Who.of(DR_MARTIN), "Accès en urgence (bris de glace)", "Compte rendu", "Patient inconscient aux urgences"));
        assertThat(ports.record.accessLimit).isEqualTo(RecordPages.ACCESS_LIMIT);
    }
}
