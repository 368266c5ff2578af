package fr.caducee.server.it;

import static fr.caducee.server.it.WebmailPatient.assertRefusal;
import static fr.caducee.server.it.WebmailPatient.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.activation.DataHandler;
import javax.imageio.ImageIO;
import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import fr.caducee.server.it.browser.Browser;
import fr.caducee.server.it.browser.BrowserExtension;
import fr.caducee.server.it.browser.Keyboard;
import fr.caducee.server.it.browser.RemoteContentTrap;
import fr.caducee.server.it.browser.Screenshots;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;

/**
 * Conversations in a real browser against the packaged server, with the demo directory (Paul Durand, patient, with a
 * dispensing at the Pharmacie Centrale; Pr Sophie Bernard, cardiologist at the Centre hospitalier Caducée; Dr Claire
 * Martin, GP; Julien Petit, pharmacist). Professionals write and read over SMTP submission and IMAPS as their mail
 * clients do; the patient reads, downloads and replies in Chromium. What the rules refuse is tried through the
 * browser (a reply to a closed conversation sent from a saved form, a recipient added to the form, a first message
 * to a GP, a program named .pdf, another patient's paths) and refused with a page, nothing sent. A hostile HTML mail
 * runs nothing and fetches nothing. Each page passes axe-core (WCAG 2.1 AA) and the 360 px checks.
 * <p>The tests are independent: each works on a conversation of its own, with a subject of its own.
 */
class WebmailConversationsIT {
    static final String DOMAIN = "caducee.localhost";
    static final String PAUL = "146026322000196@patient." + DOMAIN;
    static final String CARDIOLOGIST = "pr.bernard@" + DOMAIN;
    static final String GP = "dr.martin@" + DOMAIN;
    static final String PHARMACIST = "pharmacie.centrale@" + DOMAIN;
    static final String REPLY = "Envoyer la réponse";
    static final String SENT = "Votre message a été envoyé.";

    // Registered in this order: the browser needs the server's port and certificate.
    @RegisterExtension
    @Order(1)
    static final CaduceeServerExtension caducee = new CaduceeServerExtension();

    @RegisterExtension
    @Order(2)
    static final BrowserExtension browsers = new BrowserExtension(WebmailConversationsIT::browserFor);

    private static Browser browser;
    private static Map<String, String> passwords;
    private static Session mail;
    private static WebmailPatient paul;
    private static Path files;
    private static RemoteContentTrap trap;

    @BeforeAll
    static void paulLogsIn() throws Exception {
        browser = browsers.browser();
        passwords = caducee.server().demoAccounts();
        mail = TestClients.mailClient(caducee.server());
        files = Files.createTempDirectory("webmail-files-");
        trap = RemoteContentTrap.start();
        paul = new WebmailPatient(PAUL, passwords.get(PAUL));
        paul.logInFirstTime(browser);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        trap.close();
        try (var listed = Files.list(files)) {
            for (Path file : listed.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(files);
    }

    static Browser.Builder browserFor(Browser.Builder builder) {
        return builder.baseUrl("https://localhost:" + caducee.server().ports().webmail())
            .trustingKeystore(caducee.server().pkiDir().resolve(DevPki.SERVER_KEYSTORE_FILE),
                caducee.server().pkiDir().resolve(DevPki.SECRET_FILE));
    }

    @Test
    void aProfessionalsMessageIsListedByWhoWroteItReadRepliedToThenClosedAndAReplayedReplyIsRefused() throws Exception {
        String subject = "Compte rendu d'échocardiographie";
        String opening = send(CARDIOLOGIST, PAUL, "XDM/1.0/DDM+" + subject, Map.of(),
            text("Bonjour Monsieur Durand,\n\nvotre échocardiographie est normale.\n\nPr Bernard"));
        awaitInbox(PAUL, withMessageId(opening));

        browser.open("/conversations");
        WebElement line = line(subject);
        assertThat(line.getText())
            .contains("Pr Sophie Bernard", "Médecin - Cardiologie", "Centre hospitalier Caducée", "1 message non lu")
            .doesNotContain("XDM/1.0", CARDIOLOGIST);
        assertThat(browser.source()).doesNotContain("XDM/1.0/DDM+").doesNotContain(CARDIOLOGIST);
        assertUsable(browser, "the list of conversations");
        Screenshots.viewport(browser, "webmail-conversations");
        WebmailPatient.phoneScreenshot(browser, "webmail-conversations-mobile");

        browser.followToNextPage(subject);
        String conversation = browser.path();
        assertThat(conversation).matches("/conversations/[^/]+");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo(subject);
        assertThat(browser.text()).contains("votre échocardiographie est normale", "Pr Sophie Bernard");
        assertThat(browser.findAll(By.cssSelector("form[action$='/reponse'] input[name=to]")))
            .extracting(to -> to.getDomAttribute("value")).containsExactly(CARDIOLOGIST);
        assertUsable(browser, "an open conversation");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> imapFlags(PAUL, "XDM/1.0/DDM+" + subject).contains(Flags.Flag.SEEN));
        browser.open("/conversations");
        assertThat(line(subject).getText()).doesNotContain("non lu");

        browser.open(conversation);
        browser.fill("texte", "Merci docteur, bonne nouvelle.").press(REPLY);
        assertThat(browser.path()).isEqualTo(conversation);
        assertThat(browser.text()).contains(SENT, "Merci docteur, bonne nouvelle.");
        assertUsable(browser, "a conversation after a reply was sent");
        Screenshots.fullPage(browser, "webmail-conversation");
        WebmailPatient.phoneScreenshot(browser, "webmail-conversation-mobile");
        MimeMessage reply = awaitInbox(CARDIOLOGIST, withSubject("Re: " + subject));
        assertThat(((InternetAddress) reply.getFrom()[0]).getAddress()).isEqualTo(PAUL);
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(opening);
        assertThat(content(reply)).contains("Merci docteur, bonne nouvelle.");
        String savedForm = (String) browser.script(
            "return document.querySelector(\"form[action$='/reponse']\").outerHTML");

        send(CARDIOLOGIST, PAUL, "Re: " + subject, Map.of("X-MSS-MES", "FIN", "In-Reply-To", reply.getMessageID(),
            "References", opening + " " + reply.getMessageID()), text("Je clos cette conversation. Pr Bernard"));
        awaitInbox(PAUL, withSubject("Re: " + subject));
        browser.open(conversation);
        assertThat(browser.text()).contains("Conversation close par Pr Sophie Bernard", "Je clos cette conversation")
            .contains("Vous ne pouvez plus répondre à cette conversation");
        assertThat(browser.find(By.cssSelector("section.closed")).getText())
            .contains(CARDIOLOGIST + " closed this conversation on");
        assertThat(browser.findAll(By.cssSelector("form[action$='/reponse']"))).as("no reply form").isEmpty();
        assertUsable(browser, "a closed conversation");
        Screenshots.fullPage(browser, "webmail-conversation-close");
        browser.open("/conversations");
        assertThat(line(subject).getText()).contains("Conversation close");

        // The form saved while the conversation was open, sent again: the chain refuses it.
        browser.open(conversation);
        browser.script("document.querySelector('main').insertAdjacentHTML('beforeend', arguments[0])", savedForm);
        browser.fill("texte", "Une dernière question, docteur.").press(REPLY);
        assertRefusal(browser, 403, "conversation-closed");
        assertThat(browser.text()).contains("Cette conversation a été close par le professionnel");
        assertThat(browser.find(By.id("texte-non-envoye")).getDomProperty("value"))
            .isEqualTo("Une dernière question, docteur.");
        assertUsable(browser, "a reply refused by the chain");
        Screenshots.fullPage(browser, "webmail-reponse-refusee");
        assertNothingMore(CARDIOLOGIST, withSubject("Re: " + subject), 1);
    }

    @Test
    void attachmentsTravelBothWaysWithTheirBytesAndAProgramNamedPdfIsRefused() throws Exception {
        String subject = "Échographie abdominale";
        byte[] report = pdf("Compte rendu d'échographie abdominale");
        String reportName = "echographie-abdominale.pdf";
        send(CARDIOLOGIST, PAUL, subject, Map.of(), withFiles("Voici le compte rendu.", Map.of(reportName, report)));
        awaitInbox(PAUL, withSubject(subject));

        browser.open("/conversations");
        browser.followToNextPage(subject);
        String conversation = browser.path();
        browser.find(By.partialLinkText("Télécharger " + reportName)).click();
        assertThat(browser.awaitDownload(reportName, Duration.ofSeconds(30))).hasBinaryContent(report);

        byte[] prescription = pdf("Ordonnance du Pr Bernard");
        byte[] photo = png();
        browser.fill("texte", "Voici mon ordonnance et une photo de la cicatrice.")
            .attach("pieces", file("ordonnance.pdf", prescription)).attach("pieces", file("cicatrice.png", photo))
            .press(REPLY);
        assertThat(browser.text()).contains(SENT);
        MimeMessage reply = awaitInbox(CARDIOLOGIST, withSubject("Re: " + subject));
        assertThat(((InternetAddress) reply.getFrom()[0]).getAddress()).isEqualTo(PAUL);
        Map<String, byte[]> received = attachments(reply);
        assertThat(received).containsOnlyKeys("ordonnance.pdf", "cicatrice.png");
        assertThat(received.get("ordonnance.pdf")).isEqualTo(prescription);
        assertThat(received.get("cicatrice.png")).isEqualTo(photo);

        byte[] program = program();
        browser.open(conversation);
        browser.fill("texte", "Et voici le logiciel de ma pharmacie.")
            .attach("pieces", file("resultats.pdf", program)).press(REPLY);
        assertRefusal(browser, 415, "webmail-upload-type");
        assertThat(browser.find(By.id("texte")).getDomProperty("value"))
            .isEqualTo("Et voici le logiciel de ma pharmacie.");
        assertUsable(browser, "a reply with a program named .pdf");
        assertNothingMore(CARDIOLOGIST, withSubject("Re: " + subject), 1);
        assertThat(trail(PAUL, "REFUSED")).contains("webmail-upload-type");
    }

    @Test
    void aRecipientAddedToTheReplyFormIsRefusedByTheChainAndNobodyReceivesIt() throws Exception {
        String subject = "Rendez-vous de contrôle";
        send(CARDIOLOGIST, PAUL, subject, Map.of(), text("Je vous propose un rendez-vous le 12 mars."));
        awaitInbox(PAUL, withSubject(subject));

        browser.open("/conversations");
        browser.followToNextPage(subject);
        browser.script("""
            const to = document.createElement('input');
            to.type = 'hidden';
            to.name = 'to';
            to.value = arguments[0];
            document.querySelector("form[action$='/reponse']").append(to);
            """, GP);
        browser.fill("texte", "Docteur Martin, pouvez-vous lire ceci ?").press(REPLY);

        assertRefusal(browser, 403, "patient-first-contact");
        assertThat(browser.text()).contains("Vous ne pouvez pas écrire en premier à ce destinataire");
        assertUsable(browser, "a reply with an added recipient");
        assertNothingMore(CARDIOLOGIST, withSubject("Re: " + subject), 0);
        assertNothingMore(GP, withSubject("Re: " + subject), 0);
    }

    @Test
    void aReplyIsWrittenAndSentWithTheKeyboardAloneWithTheFocusVisibleAtEachStep() throws Exception {
        String subject = "Suivi tensionnel";
        send(CARDIOLOGIST, PAUL, subject, Map.of(), text("Pouvez-vous m'envoyer vos mesures de la semaine ?"));
        awaitInbox(PAUL, withSubject(subject));

        browser.open("/conversations");
        Keyboard.tabTo(browser, By.linkText(subject), 40);
        Keyboard.assertFocusVisible(browser);
        Keyboard.enter(browser);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
            .until(driver -> browser.path().matches("/conversations/[^/]+"));
        String conversation = browser.path();

        Keyboard.tabTo(browser, By.id("texte"), 40);
        Keyboard.assertFocusVisible(browser);
        Keyboard.type(browser, "Matin 13/8, soir 12/7.");
        Keyboard.tabTo(browser, By.xpath("//button[normalize-space()='" + REPLY + "']"), 5);
        Keyboard.assertFocusVisible(browser);
        Keyboard.enter(browser);

        new WebDriverWait(browser.driver(), Duration.ofSeconds(60))
            .until(driver -> browser.text().contains(SENT));
        assertThat(browser.path()).isEqualTo(conversation);
        assertThat(content(awaitInbox(CARDIOLOGIST, withSubject("Re: " + subject)))).contains("Matin 13/8, soir 12/7.");
    }

    @Test
    void aFirstMessageToAGpMadeFromTheNewMessageFormIsRefusedByTheChain() throws Exception {
        String subject = "Question au docteur";
        browser.open("/nouveau");
        assertThat(browser.find(By.tagName("legend")).getText()).isEqualTo("Pharmacie à qui écrire");
        assertThat(browser.findAll(By.name("pharmacie"))).extracting(radio -> radio.getDomAttribute("value"))
            .containsExactly(PHARMACIST);
        assertUsable(browser, "the new message page");
        Screenshots.fullPage(browser, "webmail-nouveau");

        browser.script("const radio = document.querySelector('input[name=pharmacie]');"
            + " radio.value = arguments[0]; radio.checked = true;", GP);
        browser.fill("objet", subject).fill("texte", "Bonjour docteur, j'ai une question.").press("Envoyer le message");

        assertRefusal(browser, 403, "patient-first-contact");
        assertUsable(browser, "a first message refused by the chain");
        assertNothingMore(GP, withSubject(subject), 0);
    }

    @Test
    void thePharmacyWhereADispensingIsRecordedReceivesAFirstMessageWithItsAttachment() throws Exception {
        String subject = "Ordonnance à préparer";
        byte[] prescription = pdf("Ordonnance " + subject);
        browser.open("/nouveau");
        browser.find(By.cssSelector("label[for='" + browser.find(By.name("pharmacie")).getDomAttribute("id") + "']"))
            .click();
        browser.fill("objet", subject).fill("texte", "Bonjour, voici mon ordonnance à préparer pour demain.")
            .attach("pieces", file("ordonnance-a-preparer.pdf", prescription))
            .press("Envoyer le message");
        assertThat(browser.text()).contains(SENT);
        assertUsable(browser, "the page after a first message was sent");

        MimeMessage received = awaitInbox(PHARMACIST, withSubject(subject));
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo(PAUL);
        assertThat(content(received)).contains("voici mon ordonnance");
        assertThat(attachments(received).values()).singleElement().isEqualTo(prescription);
    }

    @Test
    void aHostileHtmlMailRunsNoScriptAndFetchesNothing() throws Exception {
        String subject = "Invitation au dépistage";
        String html = """
            <html><head><title>piège</title>
            <meta http-equiv="refresh" content="1;url=%1$s">
            <link rel="stylesheet" href="%2$s">
            <style>body { background: url(%3$s); }</style>
            <script>document.title = 'script'; window.caduceeHostile = 'script';</script>
            <base href="%1$s"></head>
            <body onload="window.caduceeHostile = 'onload'">
            <p>Bonjour, prenez rendez-vous pour votre dépistage.</p>
            <img src="%4$s" alt="logo">
            <img src="x" onerror="document.title = 'onerror'; window.caduceeHostile = 'onerror'">
            <a href="javascript:document.title = 'lien'; window.caduceeHostile = 'lien'">Prendre rendez-vous</a>
            <div style="background-image: url(%5$s)">Votre centre</div>
            <iframe src="%1$s"></iframe>
            <svg onload="window.caduceeHostile = 'svg'"><image href="%4$s"/></svg>
            <object data="%1$s"></object>
            <form action="%1$s"><input name="q"><button>Envoyer</button></form>
            </body></html>
            """.formatted(trap.url("refresh.html"), trap.url("style.css"), trap.url("background.png"),
            trap.url("tracker.png"), trap.url("div.png"));
        send(CARDIOLOGIST, PAUL, subject, Map.of(), part -> part.setContent(html, "text/html; charset=utf-8"));
        awaitInbox(PAUL, withSubject(subject));
        trap.reset();

        browser.open("/conversations");
        browser.followToNextPage(subject);
        String conversation = browser.path();
        String title = subject + " – Messagerie santé";
        assertThat(browser.text()).contains("Bonjour, prenez rendez-vous pour votre dépistage.",
            "[image distante non chargée]", "Prendre rendez-vous");
        assertThat(browser.findAll(By.cssSelector("a[href^='javascript'], a[href^='JAVASCRIPT']"))).isEmpty();
        for (WebElement words : browser.findAll(By.xpath("//*[normalize-space()='Prendre rendez-vous']"))) {
            words.click();
        }
        Thread.sleep(2_000);

        assertThat(browser.title()).isEqualTo(title);
        assertThat(browser.script("return typeof window.caduceeHostile")).isEqualTo("undefined");
        assertThat(browser.path()).as("no refresh, no link followed").isEqualTo(conversation);
        trap.assertUntouched("a conversation holding a hostile HTML mail");
        assertUsable(browser, "a conversation with a cleaned HTML body");
    }

    @Test
    void anotherPatientsConversationAndAttachmentAreNotFoundAndTheRefusalIsAudited() throws Exception {
        WebmailPatient other = WebmailPatient.register(caducee.server(), "293013312345028", "Camille", "Lefort",
            DOMAIN, "le mot de passe de Camille Lefort");
        String subject = "Résultats de Camille";
        send(CARDIOLOGIST, other.address(), subject, Map.of(),
            withFiles("Vos résultats.", Map.of("resultats.pdf", pdf("Résultats de Camille"))));
        String conversation;
        String attachment;
        try (Browser camille = browserFor(Browser.builder().name("WebmailConversationsIT-camille")).start()) {
            other.logInFirstTime(camille);
            awaitInbox(other.address(), other.password(), withSubject(subject));
            camille.open("/conversations");
            camille.followToNextPage(subject);
            conversation = camille.path();
            attachment = camille.find(By.partialLinkText("Télécharger resultats.pdf")).getDomAttribute("href");
            assertThat(camille.status()).hasValue(200);
        }

        browser.open(conversation);
        assertRefusal(browser, 404, "webmail-not-found");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Page introuvable");
        String refusal = browser.find(By.cssSelector(".refusal")).getText();
        assertThat(browser.text()).doesNotContain("Camille", subject);
        assertUsable(browser, "another patient's conversation");
        browser.open(attachment);
        assertRefusal(browser, 404, "webmail-not-found");
        assertUsable(browser, "another patient's attachment");
        assertThat(browser.downloads().resolve("resultats.pdf")).doesNotExist();

        browser.open("/conversations/" + UUID.randomUUID());
        assertThat(browser.find(By.cssSelector(".refusal")).getText()).as("told as a conversation that does not exist")
            .isEqualTo(refusal);

        String trail = trail(PAUL, "REFUSED");
        assertThat(trail).contains("webmail-not-found").contains("GET " + conversation).contains("GET " + attachment);
    }

    // ---- the professionals' side: their mail client, over SMTP submission and IMAPS ----

    /** How a test fills a message's body. */
    private interface Body {
        void fill(MimeMessage message) throws MessagingException, IOException;
    }

    /** Submits a message as {@code from}'s mail client would; answers its Message-ID. */
    private static String send(String from, String to, String subject, Map<String, String> headers, Body body)
            throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
        MimeMessage message = new MimeMessage(mail) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setHeader("X-MSS-NIL", "CADUCEE-TESTS");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        body.fill(message);
        Transport.send(message, from, passwords.get(from));
        return messageId;
    }

    private static Body text(String text) {
        return message -> message.setText(text, "UTF-8");
    }

    private static Body withFiles(String text, Map<String, byte[]> attachments) {
        return message -> {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart words = new MimeBodyPart();
            words.setText(text, "UTF-8");
            mixed.addBodyPart(words);
            for (Map.Entry<String, byte[]> attachment : attachments.entrySet()) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.getValue(), "application/pdf")));
                file.setFileName(attachment.getKey());
                file.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(file);
            }
            message.setContent(mixed);
        };
    }

    private static Predicate<MimeMessage> withMessageId(String messageId) {
        return message -> messageId.equals(messageIdOf(message));
    }

    private static Predicate<MimeMessage> withSubject(String subject) {
        return message -> {
            try {
                return subject.equals(message.getSubject());
            } catch (MessagingException e) {
                return false;
            }
        };
    }

    private static String messageIdOf(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            return null;
        }
    }

    private static MimeMessage awaitInbox(String box, Predicate<MimeMessage> wanted) {
        return awaitInbox(box, passwords.get(box), wanted);
    }

    /** Waits for one message of {@code box}'s INBOX that is wanted, read over IMAPS. */
    private static MimeMessage awaitInbox(String box, String password, Predicate<MimeMessage> wanted) {
        List<MimeMessage> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            found.clear();
            found.addAll(inbox(box, password, wanted));
            return !found.isEmpty();
        });
        assertThat(found).as("messages of " + box).hasSize(1);
        return found.get(0);
    }

    /** Fails if {@code box} holds other than {@code count} wanted messages, now or in the next few seconds. */
    private static void assertNothingMore(String box, Predicate<MimeMessage> wanted, int count) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
            .until(() -> inbox(box, passwords.get(box), wanted).size() == count);
    }

    private static List<MimeMessage> inbox(String box, String password, Predicate<MimeMessage> wanted)
            throws MessagingException {
        Store store = mail.getStore("imaps");
        store.connect(box, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<MimeMessage> found = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    MimeMessage copy = new MimeMessage((MimeMessage) message);
                    if (wanted.test(copy)) {
                        found.add(copy);
                    }
                }
                return found;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static Flags imapFlags(String box, String subject) throws MessagingException {
        Store store = mail.getStore("imaps");
        store.connect(box, passwords.get(box));
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Flags flags = new Flags();
                for (Message message : inbox.getMessages()) {
                    if (subject.equals(message.getSubject())) {
                        flags.add(message.getFlags());
                    }
                }
                return flags;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** The text of a message's text parts. */
    private static String content(Part part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(content(multipart.getBodyPart(i)));
            }
            return text.toString();
        }
        return part.isMimeType("text/*") && part.getFileName() == null ? (String) part.getContent() : "";
    }

    /** A message's attachments by file name, their bytes decoded. */
    private static Map<String, byte[]> attachments(Part part) throws MessagingException, IOException {
        Map<String, byte[]> found = new LinkedHashMap<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                found.putAll(attachments(multipart.getBodyPart(i)));
            }
        } else if (part.getFileName() != null) {
            try (InputStream in = part.getInputStream()) {
                found.put(part.getFileName(), in.readAllBytes());
            }
        }
        return found;
    }

    // ---- the patient's files ----

    private static Path file(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }

    /**
     * A small PDF document (one page with a line of text), with the binary comment line PDF writers put after the
     * header, so that it travels as binary (base64), not as text whose line ends a mail client may rewrite.
     */
    private static byte[] pdf(String line) {
        String stream = "BT /F1 18 Tf 72 720 Td (" + line.replaceAll("[^A-Za-z0-9 ]", " ") + ") Tj ET";
        return ("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            + " /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
            + "4 0 obj << /Length " + stream.length() + " >> stream\n" + stream + "\nendstream endobj\n"
            + "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A photo: a PNG image drawn here. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0xE0C0A0));
        graphics.fillRect(0, 0, 64, 48);
        graphics.setColor(new Color(0xA04040));
        graphics.drawLine(10, 24, 54, 24);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The start of a Windows program: an MS-DOS header and its stub's sentence. */
    private static byte[] program() {
        byte[] program = new byte[512];
        program[0] = 'M';
        program[1] = 'Z';
        program[2] = (byte) 0x90;
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, program, 78, stub.length);
        return program;
    }

    // ---- the page ----

    /** The line of the list of conversations whose link is this subject. */
    private static WebElement line(String subject) {
        return browser.find(By.xpath("//ul[contains(@class, 'conversations')]/li[.//a[normalize-space()=\""
            + subject + "\"]]"));
    }

    /** The audit trail's records naming {@code box} with that decision. */
    private static String trail(String box, String decision) throws Exception {
        return new TestClients.WebAdmin(caducee.server()).get("/audit?decision=" + decision + "&box="
            + URLEncoder.encode(box, StandardCharsets.UTF_8)).body();
    }
}
