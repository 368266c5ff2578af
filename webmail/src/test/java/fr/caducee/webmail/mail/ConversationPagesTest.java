package fr.caducee.webmail.mail;

import static fr.caducee.webmail.mail.FakePorts.DR_MARTIN;
import static fr.caducee.webmail.mail.FakePorts.LEA;
import static fr.caducee.webmail.mail.FakePorts.NOW;
import static fr.caducee.webmail.mail.FakePorts.PAUL;
import static fr.caducee.webmail.mail.FakePorts.PHARMACY;
import static fr.caducee.webmail.mail.FakePorts.conversation;
import static fr.caducee.webmail.mail.FakePorts.get;
import static fr.caducee.webmail.mail.FakePorts.html;
import static fr.caducee.webmail.mail.FakePorts.mine;
import static fr.caducee.webmail.mail.FakePorts.post;
import static fr.caducee.webmail.mail.FakePorts.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

class ConversationPagesTest {
    private final FakePorts ports = new FakePorts();
    private final ConversationPages pages = new ConversationPages(ports.services());

    @Test
    void pathsOfOtherPagesAreLeftToThem() throws WebRefusal {
        assertThat(pages.answer(get("/documents"))).isEmpty();
        assertThat(pages.answer(get("/reglages"))).isEmpty();
        assertThat(pages.answer(get("/conversationsX"))).isEmpty();
        assertThat(pages.answer(post("/conversations", Map.of()))).isEmpty();
    }

    @Test
    void theListShowsEachConversationWithTheProfessionalNotTheirAddressAndUnreadInWords() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats d'analyses", received("m1", "Bonjour", false),
            received("m2", "Suite", false)));

        Answer.Page page = page(pages.answer(get("/conversations")));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.template()).isEqualTo("conversations");
        ConversationPages.Line line = lines(page).get(0);
        assertThat(line.subject()).isEqualTo("Résultats d'analyses");
        assertThat(line.href()).isEqualTo("/conversations/c1");
        assertThat(line.with()).containsExactly(new Who("Dr Marie Martin", "Médecin - Cardiologie, CHU de Lyon"));
        assertThat(line.unread()).isEqualTo("2 messages non lus");
        assertThat(line.messages()).isEqualTo("2 messages");
        assertThat(line.date()).isEqualTo("12 mars 2026 à 13:05");
        assertThat(line.state()).isEmpty();
    }

    @Test
    void theListMarksClosedConversationsAndThoseThatCannotBeRepliedTo() throws WebRefusal {
        ports.mailbox.add(conversation("closed", "Fin de suivi", false,
            Optional.of(new ConversationSummary.Closing(DR_MARTIN, NOW, "closed")), received("m1", "Fin", true)));
        ports.mailbox.add(conversation("notice", "Nouveau document", false, Optional.empty(), received("m2", "Avis", true)));

        List<ConversationPages.Line> lines = lines(page(pages.answer(get("/conversations"))));

        assertThat(lines).extracting(ConversationPages.Line::state)
            .containsExactly("Conversation close", "Sans réponse possible");
        assertThat(lines).extracting(ConversationPages.Line::unread).containsOnly("");
    }

    @Test
    void theListIsCutInPagesOfTwentyFiveWithLinksAroundTheCurrentOne() throws WebRefusal {
        for (int i = 0; i < 60; i++) {
            ports.mailbox.add(conversation("c" + i, "Sujet " + i, received("m" + i, "x", true)));
        }

        Answer.Page second = page(pages.answer(get("/conversations", Map.of("page", "2"))));

        assertThat(ports.mailbox.offset).isEqualTo(25);
        assertThat(ports.mailbox.limit).isEqualTo(25);
        assertThat(lines(second)).hasSize(25).first().extracting(ConversationPages.Line::subject).isEqualTo("Sujet 25");
        assertThat(second.variables().get("pagination"))
            .isEqualTo(new ConversationPages.Pagination(2, 3, "/conversations?page=1", "/conversations?page=3"));
        assertThat(second.variables().get("count")).isEqualTo("60 conversations");
        assertThat(page(pages.answer(get("/conversations"))).variables().get("pagination"))
            .isEqualTo(new ConversationPages.Pagination(1, 3, "", "/conversations?page=2"));
    }

    @Test
    void aPageNumberThatIsNotOneIsRefusedAndOneBeyondTheLastIsNotFound() {
        assertThatThrownBy(() -> pages.answer(get("/conversations", Map.of("page", "abc"))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID));
        assertThatThrownBy(() -> pages.answer(get("/conversations", Map.of("page", "0"))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400));
        assertThatThrownBy(() -> pages.answer(get("/conversations", Map.of("page", "2"))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(404));
    }

    @Test
    void anEmptyBoxHasOnePageAndNoLine() throws WebRefusal {
        Answer.Page page = page(pages.answer(get("/conversations")));

        assertThat(lines(page)).isEmpty();
        assertThat(page.variables().get("count")).isEqualTo("0 conversation");
    }

    @Test
    void openingAConversationShowsItsMessagesOldestFirstMarksThemSeenAndIsAudited() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour,\n  voici vos résultats.", false),
            mine("m2", "Merci")));

        Answer.Page page = page(pages.answer(get("/conversations/c1")));

        assertThat(page.title()).isEqualTo("Résultats");
        assertThat(messages(page)).extracting(message -> message.from().name()).containsExactly("Dr Marie Martin", "Vous");
        assertThat(messages(page).get(0).text()).isEqualTo("Bonjour,\n  voici vos résultats.");
        assertThat(messages(page).get(0).html()).isEmpty();
        assertThat(messages(page).get(1).mine()).isTrue();
        assertThat(ports.mailbox.seen).containsExactly("c1");
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.WEBMAIL_ACTION);
            assertThat(record.rule()).isEqualTo(Rule.WEBMAIL_READ.id());
            assertThat(record.via()).isEqualTo("webmail");
            assertThat(record.login()).isEqualTo(PAUL.boxAddress().address());
            assertThat(record.reason()).isEqualTo("GET /conversations/c1");
            assertThat(record.session()).isEqualTo("session-1");
            assertThat(record.remote()).isEqualTo("192.0.2.7");
        });
    }

    @Test
    void aConversationAlreadySeenIsNotMarkedAgain() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        pages.answer(get("/conversations/c1"));

        assertThat(ports.mailbox.seen).isEmpty();
    }

    @Test
    void aRepresentativeReadingAChildsBoxIsAuditedAsThemselvesNamingTheChildsBox() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Vaccins", received("m1", "Bonjour", true)));

        pages.answer(FakePorts.as(new Viewer(PAUL, LEA), get("/conversations/c1")));

        assertThat(ports.mailbox.viewers).containsOnly(new Viewer(PAUL, LEA));
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.login()).isEqualTo(PAUL.boxAddress().address());
            assertThat(record.recipients()).containsExactly(LEA.boxAddress().address());
        });
    }

    @Test
    void anHtmlBodyIsShownCleaned() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", html("m1", "<p onclick=\"x()\">Bonjour</p><script>x()</script>"
            + "<img src=\"http://tracker.example/p.gif\">")));

        ConversationPages.Message message = messages(page(pages.answer(get("/conversations/c1")))).get(0);

        assertThat(message.text()).isEmpty();
        assertThat(message.html()).isEqualTo("<p>Bonjour</p>" + HtmlBodies.REMOTE_IMAGE);
    }

    @Test
    void attachmentsAreShownWithKindSizeAndALinkThatSaysWhatItDownloads() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Compte rendu", received("ref/1", "Ci-joint", true,
            new MailMessage.AttachmentInfo(0, "Compte rendu.pdf", "application/pdf", 122_880, true),
            new MailMessage.AttachmentInfo(1, "photo.jpg", "image/jpeg", 2_400_000, false))));

        List<ConversationPages.Attachment> attachments = messages(page(pages.answer(get("/conversations/c1")))).get(0)
            .attachments();

        assertThat(attachments).containsExactly(
            new ConversationPages.Attachment("Compte rendu.pdf", "Compte rendu (PDF)", "120 Ko",
                "/messages/ref%2F1/pieces/0", "Télécharger Compte rendu.pdf (120 Ko)"),
            new ConversationPages.Attachment("photo.jpg", "Image JPEG", "2,3 Mo", "/messages/ref%2F1/pieces/1",
                "Télécharger photo.jpg (2,3 Mo)"));
    }

    @Test
    void aClosedConversationSaysWhoClosedItWhenAndTheServersSentenceAndOffersNoReply() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Suivi", false, Optional.of(new ConversationSummary.Closing(DR_MARTIN,
            NOW, "Dr Marie Martin closed this conversation on 12 March 2026")), received("m1", "Fin du suivi", true)));

        Answer.Page page = page(pages.answer(get("/conversations/c1")));

        assertThat(page.variables().get("replyable")).isEqualTo(false);
        assertThat(page.variables().get("closing")).isEqualTo(new ConversationPages.Closing(
            "Conversation close par Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon) le 12 mars 2026 à 14:05.",
            "Dr Marie Martin closed this conversation on 12 March 2026"));
    }

    @Test
    void aConversationNotInTheOpenBoxIsNotFoundWhateverTheMethod() {
        for (WebRequest request : List.of(get("/conversations/other"), post("/conversations/other/reponse",
                Map.of("texte", List.of("x"), "to", List.of(DR_MARTIN.address()))), get("/conversations/other/reponse"),
                post("/conversations/other", Map.of()), get("/conversations/"))) {
            assertThatThrownBy(() -> pages.answer(request)).as(request.method() + " " + request.path())
                .isInstanceOfSatisfying(WebRefusal.class, refusal -> {
                    assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_NOT_FOUND);
                    assertThat(refusal.status()).isEqualTo(404);
                });
        }
        assertThat(ports.outbox.sent).isEmpty();
    }

    @Test
    void theReplyFormCarriesTheParticipantsAsHiddenFieldsAndShowsTheirNames() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        Answer.Page page = page(pages.answer(get("/conversations/c1")));

        assertThat(page.variables().get("replyable")).isEqualTo(true);
        assertThat(page.variables().get("replyTo")).isEqualTo(List.of(DR_MARTIN.address()));
        assertThat(page.variables().get("recipients")).isEqualTo(List.of(Who.of(DR_MARTIN)));
        assertThat(page.variables().get("action")).isEqualTo("/conversations/c1/reponse");
        assertThat(page.variables().get("limit")).isEqualTo("1 Mo");
    }

    @Test
    void aReplyIsSentToTheHiddenRecipientsAsGivenRepliesToTheLastMessageAndComesBackWithANotice() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true), mine("m2", "Merci")));

        Answer answer = pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Une question"),
            "to", List.of(DR_MARTIN.address(), "dr.generaliste@caducee.test")),
            List.of(new Upload("ordonnance.pdf", "application/octet-stream", UploadsTest.PDF)))).orElseThrow();

        assertThat(answer).isEqualTo(new Answer.Redirect("/conversations/c1", "Votre message a été envoyé."));
        Outgoing sent = ports.outbox.sent.get(0);
        assertThat(sent.to()).containsExactly(DR_MARTIN.address(), "dr.generaliste@caducee.test");
        assertThat(sent.subject()).isEqualTo("Re: Résultats");
        assertThat(sent.text()).isEqualTo("Une question");
        assertThat(sent.inReplyTo()).contains("<m2@caducee.test>");
        assertThat(sent.references()).containsExactly("<m2@caducee.test>");
        assertThat(sent.uploads()).singleElement().satisfies(upload -> assertThat(upload.mediaType()).isEqualTo("application/pdf"));
    }

    @Test
    void aReplyKeepsTheReferencesOfTheMessageItAnswers() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Merci"), "to", List.of(DR_MARTIN.address()))));

        assertThat(ports.outbox.sent.get(0).references())
            .containsExactly("<first@chu-lyon.caducee.test>", "<m1@chu-lyon.caducee.test>");
    }

    @Test
    void aReplyToAClosedConversationStillReachesTheChainWhichDecides() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Suivi", false, Optional.of(new ConversationSummary.Closing(DR_MARTIN, NOW,
            "closed on 12 March 2026")), received("m1", "Fin", true)));
        ports.outbox.outcome = new SendOutcome.Refused("550 5.7.1", Rule.CONVERSATION_CLOSED.id(),
            "Dr Marie Martin closed this conversation on 12 March 2026: you can no longer reply to it");

        Answer.Page page = page(pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Encore une question"),
            "to", List.of(DR_MARTIN.address())))));

        assertThat(ports.outbox.sent).hasSize(1);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.variables().get("text")).isEqualTo("Encore une question");
        Refusal refusal = (Refusal) page.variables().get("refusal");
        assertThat(refusal.rule()).isEqualTo(Rule.CONVERSATION_CLOSED.id());
        assertThat(refusal.lead()).startsWith("Cette conversation a été close");
        assertThat(refusal.detail()).contains("you can no longer reply");
        assertThat(ports.audit).as("the chain audited its refusal").isEmpty();
    }

    @Test
    void aRefusalForNowIsA503AndKeepsTheText() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));
        ports.outbox.outcome = new SendOutcome.Refused("451 4.3.0", Rule.WEBMAIL_SEND_UNAVAILABLE.id(),
            "Le service d'envoi ne répond pas.");

        Answer.Page page = page(pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Bonjour docteur"),
            "to", List.of(DR_MARTIN.address())))));

        assertThat(page.status()).isEqualTo(503);
        assertThat(page.variables().get("text")).isEqualTo("Bonjour docteur");
        assertThat(((Refusal) page.variables().get("refusal")).lead()).isEqualTo(Refusal.LATER);
        assertThat(((Refusal) page.variables().get("refusal")).detailLanguage()).as("the outbox's French sentence")
            .isNull();
    }

    @Test
    void anEmptyReplyIsRefusedAuditedAndNothingIsSent() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        Answer.Page page = page(pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("  \n "),
            "to", List.of(DR_MARTIN.address())))));

        assertThat(page.status()).isEqualTo(400);
        assertThat(((Refusal) page.variables().get("refusal")).rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID.id());
        assertThat(ports.outbox.sent).isEmpty();
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID.id());
            assertThat(record.reason()).isEqualTo("400 POST /conversations/c1/reponse");
        });
    }

    @Test
    void aReplyWithOnlyADocumentIsNotEmpty() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of(""), "to", List.of(DR_MARTIN.address())),
            List.of(new Upload("photo.png", "image/png", UploadsTest.PNG))));

        assertThat(ports.outbox.sent).hasSize(1);
    }

    @Test
    void aDisguisedFileIsRefusedWithTheTextKeptAndNothingSent() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        Answer.Page page = page(pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Voici l'ordonnance"),
            "to", List.of(DR_MARTIN.address())), List.of(new Upload("ordonnance.pdf", "application/pdf", UploadsTest.EXE)))));

        assertThat(page.status()).isEqualTo(415);
        assertThat(page.variables().get("text")).isEqualTo("Voici l'ordonnance");
        assertThat(((Refusal) page.variables().get("refusal")).rule()).isEqualTo(Rule.WEBMAIL_UPLOAD_TYPE.id());
        assertThat(ports.outbox.sent).isEmpty();
        assertThat(ports.audit).extracting(AuditRecord::rule).containsExactly(Rule.WEBMAIL_UPLOAD_TYPE.id());
    }

    @Test
    void aReplyWithoutRecipientOrWithAnUnreadableOneIsRefused() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        for (List<String> to : List.of(List.<String>of(), List.of("dr@x.test\r\nRCPT TO:<y@z.test>"), List.of(" "))) {
            Answer.Page page = page(pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Bonjour"), "to", to))));
            assertThat(page.status()).isEqualTo(400);
        }
        assertThat(ports.outbox.sent).isEmpty();
    }

    @Test
    void aSubjectCannotCarryAHeaderIntoTheMessage() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats\r\nBcc: x@y.test", received("m1", "Bonjour", true)));

        pages.answer(post("/conversations/c1/reponse", Map.of("texte", List.of("Bonjour"), "to", List.of(DR_MARTIN.address()))));

        assertThat(ports.outbox.sent.get(0).subject()).isEqualTo("Re: Résultats Bcc: x@y.test");
    }

    @Test
    void aReplyAddressReachedByGetLeadsBackToTheConversation() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));

        assertThat(pages.answer(get("/conversations/c1/reponse"))).contains(Answer.Redirect.to("/conversations/c1"));
    }

    @Test
    void anAttachmentIsDownloadedAsTheMailboxGivesItAndAudited() throws WebRefusal {
        Download pdf = new Download("Compte rendu.pdf", "application/pdf", UploadsTest.PDF);
        ports.mailbox.attachments.put("ref-1/0", pdf);

        Answer answer = pages.answer(get("/messages/ref-1/pieces/0")).orElseThrow();

        assertThat(answer).isEqualTo(new Answer.File(pdf));
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo(Rule.WEBMAIL_READ.id());
            assertThat(record.reason()).isEqualTo("GET /messages/ref-1/pieces/0");
        });
    }

    @Test
    void anAttachmentOfAnotherBoxOrAMalformedPathIsNotFound() {
        ports.mailbox.attachments.put("ref-1/0", new Download("a.pdf", "application/pdf", UploadsTest.PDF));

        for (String path : List.of("/messages/other-patients-ref/pieces/0", "/messages/ref-1/pieces/1",
                "/messages/ref-1/pieces/-1", "/messages/ref-1/pieces/x", "/messages/ref-1", "/messages//pieces/0",
                "/messages/ref-1/pieces/99999999999")) {
            assertThatThrownBy(() -> pages.answer(get(path))).as(path)
                .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_NOT_FOUND));
        }
        assertThat(ports.audit).isEmpty();
    }

    @Test
    void newMessageOffersOnlyThePharmaciesTheMailboxGives() throws WebRefusal {
        ports.mailbox.pharmacies.add(PHARMACY);

        Answer.Page page = page(pages.answer(get("/nouveau")));

        assertThat(page.template()).isEqualTo("nouveau");
        assertThat(page.variables().get("pharmacies")).isEqualTo(List.of(new NewMessagePages.Choice("pharmacie-0",
            PHARMACY.address(), Who.of(PHARMACY), true)));
    }

    @Test
    void newMessageWithoutAnyPharmacyOffersNone() throws WebRefusal {
        assertThat(page(pages.answer(get("/nouveau"))).variables().get("pharmacies")).isEqualTo(List.of());
    }

    @Test
    void aNewMessageGoesToThePharmacyAsGivenWithItsSubject() throws WebRefusal {
        ports.mailbox.pharmacies.add(PHARMACY);

        Answer answer = pages.answer(post("/nouveau", Map.of("pharmacie", List.of(PHARMACY.address()),
            "objet", List.of("Ordonnance"), "texte", List.of("Voici mon ordonnance")),
            List.of(new Upload("scan.jpg", "image/jpeg", UploadsTest.JPEG)))).orElseThrow();

        assertThat(answer).isEqualTo(new Answer.Redirect("/conversations", "Votre message a été envoyé."));
        Outgoing sent = ports.outbox.sent.get(0);
        assertThat(sent.to()).containsExactly(PHARMACY.address());
        assertThat(sent.subject()).isEqualTo("Ordonnance");
        assertThat(sent.inReplyTo()).isEmpty();
        assertThat(sent.references()).isEmpty();
        assertThat(sent.uploads()).hasSize(1);
    }

    @Test
    void aNewMessageEditedToNameADoctorReachesTheChainAndItsRefusalIsShownWithTheFormKept() throws WebRefusal {
        ports.mailbox.pharmacies.add(PHARMACY);
        ports.outbox.outcome = new SendOutcome.Refused("550 5.7.1", Rule.PATIENT_FIRST_CONTACT.id(),
            "Patients can only reply to a conversation a professional started");

        Answer.Page page = page(pages.answer(post("/nouveau", Map.of("pharmacie", List.of(DR_MARTIN.address()),
            "objet", List.of("Question"), "texte", List.of("Bonjour docteur")))));

        assertThat(ports.outbox.sent.get(0).to()).containsExactly(DR_MARTIN.address());
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.variables()).containsEntry("subject", "Question").containsEntry("text", "Bonjour docteur");
        assertThat(((Refusal) page.variables().get("refusal")).rule()).isEqualTo(Rule.PATIENT_FIRST_CONTACT.id());
        assertThat(page.variables().get("pharmacies")).isEqualTo(List.of(new NewMessagePages.Choice("pharmacie-0",
            PHARMACY.address(), Who.of(PHARMACY), false)));
    }

    @Test
    void aNewMessageWithoutPharmacyIsRefusedBeforeSending() throws WebRefusal {
        Answer.Page page = page(pages.answer(post("/nouveau", Map.of("objet", List.of("Question"),
            "texte", List.of("Bonjour")))));

        assertThat(page.status()).isEqualTo(400);
        assertThat(((Refusal) page.variables().get("refusal")).lead()).contains("Choisissez la pharmacie");
        assertThat(ports.outbox.sent).isEmpty();
    }

    private static Answer.Page page(Optional<Answer> answer) {
        assertThat(answer).containsInstanceOf(Answer.Page.class);
        return (Answer.Page) answer.orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<ConversationPages.Line> lines(Answer.Page page) {
        return (List<ConversationPages.Line>) page.variables().get("lines");
    }

    @SuppressWarnings("unchecked")
    private static List<ConversationPages.Message> messages(Answer.Page page) {
        return (List<ConversationPages.Message>) page.variables().get("messages");
    }
}
