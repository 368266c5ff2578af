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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.record.RecordPages;
import fr.caducee.webmail.record.SettingsPages;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Pages;
import fr.caducee.webmail.web.Templates;
import fr.caducee.webmail.web.WebRefusal;
import fr.caducee.webmail.web.WebRequest;

/**
 * Every page rendered through the real templates in the real layout: no template error, and the structure the
 * accessibility rules and the security rules ask for (one h1, headings in order, a label for every field, radio groups
 * in a fieldset with a legend, tables with headers, the CSRF token in every form, no script anywhere).
 */
class PageTemplatesTest {
    private static final String CSRF = "jeton-csrf-de-test";
    private static final Templates TEMPLATES = new Templates();

    private final FakePorts ports = new FakePorts();
    private final ConversationPages conversations = new ConversationPages(ports.services());
    private final RecordPages record = new RecordPages(ports.services());
    private final SettingsPages settings = new SettingsPages(ports.services());

    @Test
    void theConversationListRendersWithUnreadClosedAndPagination() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats d'analyses", received("m1", "Bonjour", false)));
        ports.mailbox.add(conversation("c2", "Suivi", false, Optional.of(new ConversationSummary.Closing(DR_MARTIN, NOW,
            "closed")), received("m2", "Fin", true)));
        ports.mailbox.count = 30;

        Document page = render(conversations, get("/conversations"));

        assertThat(page.select("main li h2 a")).extracting(Element::text).containsExactly("Résultats d'analyses", "Suivi");
        assertThat(page.select("main li").first().text()).contains("Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon)")
            .contains("1 message non lu").doesNotContain(DR_MARTIN.address());
        assertThat(page.select("main li").get(1).text()).contains("Conversation close");
        assertThat(page.select("nav[aria-label=Pages de la liste des messages]").text())
            .isEqualTo("Page 1 sur 2 Page suivante");
        assertThat(page.select("a[rel=next]").attr("href")).isEqualTo("/conversations?page=2");
        assertThat(page.select("a[href=/nouveau]").text()).isEqualTo("Écrire à ma pharmacie");
    }

    @Test
    void anEmptyListSaysSo() throws WebRefusal {
        Document page = render(conversations, get("/conversations"));

        assertThat(page.select("main").text()).contains("Vous n'avez aucun message pour l'instant");
        assertThat(page.select("nav[aria-label=Pages de la liste des messages]")).isEmpty();
    }

    @Test
    void aConversationRendersItsMessagesAttachmentsAndAReplyFormWithoutAddressField() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Compte rendu", received("m1", "Bonjour,\nci-joint.", true,
            new MailMessage.AttachmentInfo(0, "Compte rendu.pdf", "application/pdf", 122_880, true)), mine("m2", "Merci")));

        Document page = render(conversations, get("/conversations/c1"));

        assertThat(page.select("h1").text()).isEqualTo("Compte rendu");
        assertThat(page.select("article.message h2")).extracting(Element::text).containsExactly("Dr Marie Martin", "Vous");
        assertThat(page.select("article.message .body").first().wholeText()).isEqualTo("Bonjour,\nci-joint.");
        assertThat(page.select("article.message a").first().text()).isEqualTo("Télécharger Compte rendu.pdf (120 Ko)");
        assertThat(page.select("article.message a").first().attr("href")).isEqualTo("/messages/m1/pieces/0");
        assertThat(page.select("article.message li").first().text()).contains("Compte rendu (PDF)");
        Element form = page.select("form[action=/conversations/c1/reponse]").first();
        assertThat(form.attr("enctype")).isEqualTo("multipart/form-data");
        assertThat(form.select("input[name=to]")).extracting(to -> to.attr("type") + " " + to.val())
            .containsExactly("hidden " + DR_MARTIN.address());
        assertThat(form.select("input[type=text], input[type=email]")).isEmpty();
        assertThat(form.text()).contains("Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon)");
        assertThat(form.select("textarea[name=texte]")).hasSize(1);
        assertThat(form.select("input[type=file][name=pieces][multiple]").attr("accept")).contains("application/pdf");
    }

    @Test
    void aHostileHtmlBodyRendersInert() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", html("m1", "<p>Bonjour</p><script>alert(1)</script>"
            + "<img src=\"http://127.0.0.1:9/pixel\" onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">clic</a>"
            + "<iframe src=\"http://127.0.0.1:9/\"></iframe><meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:9/\">")));

        Document page = render(conversations, get("/conversations/c1"));

        assertThat(page.select(".html-body").html()).isEqualTo("<p>Bonjour</p>" + HtmlBodies.REMOTE_IMAGE + "clic");
        assertThat(page.select("iframe, meta[http-equiv], [src*=127.0.0.1]")).isEmpty();
    }

    @Test
    void aClosedConversationRendersWhoClosedItAndNoForm() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Suivi", false, Optional.of(new ConversationSummary.Closing(DR_MARTIN, NOW,
            "Dr Marie Martin closed this conversation on 12 March 2026")), received("m1", "Fin", true)));

        Document page = render(conversations, get("/conversations/c1"));

        assertThat(page.select("section.closed").text())
            .contains("Conversation close par Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon) le 12 mars 2026 à 14:05.")
            .contains("Dr Marie Martin closed this conversation on 12 March 2026");
        // The server's sentence is English: said so, for a screen reader to read it as English (WCAG 3.1.2).
        assertThat(page.select("section.closed [lang=en]").text())
            .isEqualTo("Dr Marie Martin closed this conversation on 12 March 2026");
        assertThat(page.select("main form, main textarea")).isEmpty();
    }

    @Test
    void aRefusedReplyRendersTheChainsSentenceAndCodeAndKeepsTheText() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Résultats", received("m1", "Bonjour", true)));
        ports.outbox.outcome = new SendOutcome.Refused("550 5.7.1", Rule.PATIENT_OUTSIDE_CONVERSATION.id(),
            "dr.x@caducee.test is not part of the conversation you are replying to");

        Document page = render(conversations, post("/conversations/c1/reponse", Map.of("texte", List.of("Ma question <b>"),
            "to", List.of(DR_MARTIN.address(), "dr.x@caducee.test"))));

        Element refusal = page.select(".refusal[role=alert]").first();
        assertThat(refusal.text()).contains("ne participe pas à cette conversation")
            .contains("Réponse du serveur : dr.x@caducee.test is not part of the conversation")
            .contains("Code : " + Rule.PATIENT_OUTSIDE_CONVERSATION.id());
        assertThat(refusal.select("[lang=en]").text())
            .isEqualTo("dr.x@caducee.test is not part of the conversation you are replying to");
        assertThat(page.select("textarea[name=texte]").first().wholeText()).isEqualTo("Ma question <b>");
        assertThat(page.select("input[name=to]")).extracting(Element::val).containsExactly(DR_MARTIN.address());
    }

    @Test
    void aRefusedReplyToAClosedConversationKeepsTheTextReadOnly() throws WebRefusal {
        ports.mailbox.add(conversation("c1", "Suivi", false, Optional.of(new ConversationSummary.Closing(DR_MARTIN, NOW,
            "closed")), received("m1", "Fin", true)));
        ports.outbox.outcome = new SendOutcome.Refused("550 5.7.1", Rule.CONVERSATION_CLOSED.id(), "closed");

        Document page = render(conversations, post("/conversations/c1/reponse", Map.of("texte", List.of("Encore"),
            "to", List.of(DR_MARTIN.address()))));

        assertThat(page.select(".refusal").text()).contains("Code : " + Rule.CONVERSATION_CLOSED.id());
        assertThat(page.select("textarea[readonly]").first().wholeText()).isEqualTo("Encore");
        assertThat(page.select("main form")).isEmpty();
    }

    @Test
    void newMessageRendersThePharmaciesAsARadioGroup() throws WebRefusal {
        ports.mailbox.pharmacies.add(PHARMACY);
        ports.mailbox.pharmacies.add(new fr.caducee.webmail.port.Correspondent("pharmacie.gare@caducee.test",
            "Pharmacie de la Gare", Optional.of("Pharmacien"), Optional.empty()));

        Document page = render(conversations, get("/nouveau"));

        Element fieldset = page.select("form[action=/nouveau] fieldset").first();
        assertThat(fieldset.select("legend").text()).isEqualTo("Pharmacie à qui écrire");
        assertThat(fieldset.select("input[type=radio][name=pharmacie]")).extracting(Element::val)
            .containsExactly(PHARMACY.address(), "pharmacie.gare@caducee.test");
        assertThat(page.select("input[name=objet]")).hasSize(1);
    }

    @Test
    void newMessageWithoutPharmacyExplainsWhyAndHasNoForm() throws WebRefusal {
        Document page = render(conversations, get("/nouveau"));

        assertThat(page.select("main").text()).contains("seulement à votre pharmacien")
            .contains("une fois qu'une délivrance de médicaments est enregistrée");
        assertThat(page.select("main form")).isEmpty();
    }

    @Test
    void aRefusedNewMessageWithoutPharmacyKeepsTheText() throws WebRefusal {
        ports.outbox.outcome = new SendOutcome.Refused("550 5.7.1", Rule.PATIENT_FIRST_CONTACT.id(), "Patients can only reply");

        Document page = render(conversations, post("/nouveau", Map.of("pharmacie", List.of(DR_MARTIN.address()),
            "objet", List.of("Question"), "texte", List.of("Bonjour docteur"))));

        assertThat(page.select(".refusal").text()).contains("Code : " + Rule.PATIENT_FIRST_CONTACT.id());
        assertThat(page.select("textarea[readonly]").first().wholeText()).isEqualTo("Bonjour docteur");
    }

    @Test
    void theDocumentsRenderAsATableWithHeadersAndDownloadLinks() throws WebRefusal {
        ports.record.documents.add(new RecordEntry("d1", "Compte rendu de biologie", "Compte rendu de biologie",
            DR_MARTIN, NOW, NOW, true));

        Document page = render(record, get("/documents"));

        assertThat(page.select("table caption").text()).isEqualTo("Documents du dossier, du plus récent au plus ancien");
        assertThat(page.select("tbody th[scope=row]").text()).isEqualTo("Compte rendu de biologie");
        assertThat(page.select("tbody a").attr("href")).isEqualTo("/documents/d1");
        assertThat(page.select("tbody a").text()).isEqualTo("Télécharger Compte rendu de biologie (PDF)");
    }

    @Test
    void aRepresentativeSeesWhyDocumentsMayBeMissing() throws WebRefusal {
        Document page = render(record, FakePorts.as(new Viewer(PAUL, LEA), get("/documents")));

        assertThat(page.select("main").text()).contains("en tant que représentant légal")
            .contains("aucun document pour l'instant");
    }

    @Test
    void theAccessLogRendersModesInWordsAndExplainsThem() throws WebRefusal {
        ports.record.accesses.add(new RecordEntry.Access(NOW, DR_MARTIN, "emergency", Optional.of("Compte rendu"),
            Optional.of("Patient inconscient")));

        Document page = render(record, get("/acces"));

        assertThat(page.select("dl dt")).extracting(Element::text)
            .containsExactly("Accès normal", "Accès en urgence (bris de glace)", "Régulation (SAMU)");
        assertThat(page.select("tbody tr").text()).contains("12 mars 2026 à 14:05")
            .contains("Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon)").contains("Accès en urgence (bris de glace)")
            .contains("Patient inconscient");
        assertThat(page.select("table caption").text()).contains("les 200 dernières");
    }

    @Test
    void theSettingsRenderEveryFormWithItsFieldsAndTheBlockedProfessionals() throws WebRefusal {
        ports.record.blocked.put(IdNat.parse("810000005479"), DR_MARTIN);
        ports.record.emergencyAllowed = false;
        ports.preferences.addresses.put(PAUL.boxAddress().address(), "paul@exemple.fr");

        Document page = render(settings, get("/reglages"));

        assertThat(page.select("form[action=/reglages/urgence] legend").text()).isEqualTo("Accès en urgence à mon dossier");
        assertThat(page.select("input[name=autoriser][checked]").val()).isEqualTo("non");
        Element unblock = page.select("form[action=/reglages/debloquer]").first();
        assertThat(unblock.select("input[name=idnat]").val()).isEqualTo("810000005479");
        assertThat(unblock.select("button").text()).isEqualTo("Débloquer Dr Marie Martin");
        assertThat(page.select("form[action=/reglages/bloquer] input[name=idnat]")).hasSize(1);
        assertThat(page.select("form[action=/reglages/notifications] input[name=adresse]").val()).isEqualTo("paul@exemple.fr");
        assertThat(page.select("main").text()).contains("ne contient aucune donnée de santé");
        assertThat(page.select("a[href=/mot-de-passe], a[href=/boites]")).hasSize(2);
    }

    @Test
    void aRefusedSettingRendersTheSentenceAndCode() throws WebRefusal {
        Document page = render(settings, post("/reglages/bloquer", Map.of("idnat", List.of("1234"))));

        assertThat(page.select(".refusal").text()).contains("n'est pas un numéro RPPS")
            .contains("Code : " + Rule.WEBMAIL_FORM_INVALID.id());
        assertThat(page.select("input#idnat").val()).isEqualTo("1234");
    }

    @Test
    void theAttachmentAndDocumentDownloadsAreFilesNotPages() throws WebRefusal {
        ports.mailbox.attachments.put("m1/0", new Download("a.pdf", "application/pdf", UploadsTest.PDF));

        assertThat(conversations.answer(get("/messages/m1/pieces/0"))).containsInstanceOf(Answer.File.class);
    }

    /** The page rendered in the layout, with the checks every page must pass. */
    private Document render(Pages pages, WebRequest request) throws WebRefusal {
        Answer answer = pages.answer(request).orElseThrow();
        assertThat(answer).isInstanceOf(Answer.Page.class);
        String html = TEMPLATES.render((Answer.Page) answer, new Templates.Layout(true, "Paul Durand", null, CSRF, null,
            "messages", Map.of()));
        Document page = Jsoup.parse(html);
        page.outputSettings().prettyPrint(false);
        assertStructure(page);
        return page;
    }

    private static void assertStructure(Document page) {
        assertThat(page.select("html").attr("lang")).isEqualTo("fr");
        assertThat(page.select("h1")).hasSize(1);
        // An icon named inline: otherwise browsers ask for /favicon.ico on every page, a refusal each time.
        assertThat(page.select("head link[rel=icon]").attr("href")).startsWith("data:");
        // Not no-referrer: under it a browser sends "Origin: null" with every form, which the CSRF guard refuses.
        assertThat(page.select("head meta[name=referrer]").attr("content")).isEqualTo("same-origin");
        int level = 1;
        for (Element heading : page.select("main h1, main h2, main h3, main h4, main h5, main h6")) {
            int next = heading.tagName().charAt(1) - '0';
            assertThat(next).as("heading %s after h%d", heading, level).isLessThanOrEqualTo(level + 1);
            level = next;
        }
        assertThat(page.select("script, iframe, object, embed, [style]")).isEmpty();
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertThat(attribute.getKey()).as("on %s", element.tagName()).doesNotStartWith("on");
            }
        }
        Set<String> ids = new HashSet<>();
        for (Element element : page.select("[id]")) {
            assertThat(ids.add(element.id())).as("id %s is unique", element.id()).isTrue();
        }
        for (Element field : page.select("input:not([type=hidden]):not([type=submit]), textarea, select")) {
            assertThat(field.id()).as("field %s has an id", field).isNotEmpty();
            assertThat(page.select("label[for=" + field.id() + "]")).as("label for %s", field.id()).hasSize(1);
        }
        for (Element radio : page.select("input[type=radio]")) {
            Element fieldset = radio.closest("fieldset");
            assertThat(fieldset).as("radio %s in a fieldset", radio.id()).isNotNull();
            assertThat(fieldset.select("> legend").text()).isNotBlank();
        }
        for (Element form : page.select("form")) {
            assertThat(form.attr("method")).isEqualTo("post");
            assertThat(form.select("input[type=hidden][name=csrf]")).extracting(Element::val).containsExactly(CSRF);
            assertThat(form.select("button[type=submit]")).isNotEmpty();
        }
        for (Element table : page.select("table")) {
            assertThat(table.select("caption").text()).isNotBlank();
            assertThat(table.select("th")).allSatisfy(th -> assertThat(th.attr("scope")).isIn("col", "row"));
        }
        for (Element link : page.select("a")) {
            assertThat(link.text()).as("link %s says where it goes", link.attr("href")).isNotBlank();
        }
    }
}
