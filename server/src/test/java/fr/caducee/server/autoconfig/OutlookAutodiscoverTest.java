package fr.caducee.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import fr.caducee.server.settings.Setting;

class OutlookAutodiscoverTest {

    /** The request as Outlook sends it (Microsoft's POX autodiscover reference). */
    static String request(String address) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
            + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">"
            + "\r\n  <Request>\r\n    <EMailAddress>" + address + "</EMailAddress>\r\n"
            + "    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
            + "</AcceptableResponseSchema>\r\n  </Request>\r\n</Autodiscover>\r\n";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Document document, String path) throws Exception {
        XPath xpath = XPathFactory.newDefaultInstance().newXPath();
        return xpath.evaluate(path, document);
    }

    @Test
    void outlooksRequestGivesTheBoxAddress() throws Exception {
        assertThat(OutlookAutodiscover.emailAddress(bytes(request(" Dr.Durand@CHU-exemple.fr "))).address())
            .isEqualTo("dr.durand@chu-exemple.fr");
    }

    @Test
    void aDocumentTypeDeclarationIsRefusedBeforeAnyEntityIsRead() {
        String external = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + request("&x;").substring(request("").indexOf("<Autodiscover"));
        assertThatThrownBy(() -> OutlookAutodiscover.emailAddress(bytes(external)))
            .isInstanceOfSatisfying(OutlookAutodiscover.Unreadable.class, e -> {
                assertThat(e.code()).isEqualTo(600);
                assertThat(e.getMessage()).startsWith("The request is not well-formed XML without a DTD")
                    .doesNotContain("root:");
            });
    }

    @Test
    void whatIsNotOutlooksRequestIsInvalidAndSaysWhatIsExpected() {
        for (String body : new String[] {"", "not xml", "<Autodiscover><Request><EMailAddress>a@b.fr</EMailAddress>"
                + "</Request></Autodiscover>", request("not an address"), request("")}) {
            assertThatThrownBy(() -> OutlookAutodiscover.emailAddress(bytes(body))).as(body)
                .isInstanceOfSatisfying(OutlookAutodiscover.Unreadable.class, e -> {
                    assertThat(e.code()).isEqualTo(600);
                    assertThat(e.getMessage()).contains("Outlook POSTs <Autodiscover xmlns=");
                });
        }
    }

    @Test
    void anotherResponseSchemaThanOutlooksIsAProviderNotAvailable() {
        String mobile = request("dr.durand@chu-exemple.fr").replace("outlook/responseschema/2006a",
            "mobilesync/responseschema/2006");
        assertThatThrownBy(() -> OutlookAutodiscover.emailAddress(bytes(mobile)))
            .isInstanceOfSatisfying(OutlookAutodiscover.Unreadable.class, e -> assertThat(e.code()).isEqualTo(601));
    }

    @Test
    void theSettingsNameOneImapAndOneSmtpServerThePreferredOfEach() throws Exception {
        byte[] answer = OutlookAutodiscover.settings(OutlookAutodiscover.emailAddress(bytes(request(
            "dr.durand@chu-exemple.fr"))), AutoconfigSettingsTest.from(Map.of()));
        Document document = ThunderbirdConfigTest.parse(answer);

        String text = new String(answer, StandardCharsets.UTF_8);
        assertThat(text).contains("<Autodiscover xmlns=\"" + OutlookAutodiscover.RESPONSE_SCHEMA + "\">")
            .contains("<Response xmlns=\"" + OutlookAutodiscover.OUTLOOK_SCHEMA + "\">");
        assertThat(text(document, "count(//Protocol)")).isEqualTo("2");
        assertThat(text(document, "//Account/AccountType")).isEqualTo("email");
        assertThat(text(document, "//Account/Action")).isEqualTo("settings");
        assertThat(text(document, "//Protocol[Type='IMAP']/Server")).isEqualTo("mail.chu-exemple.fr");
        assertThat(text(document, "//Protocol[Type='IMAP']/Port")).isEqualTo("10993");
        assertThat(text(document, "//Protocol[Type='IMAP']/Encryption")).isEqualTo("SSL");
        assertThat(text(document, "//Protocol[Type='IMAP']/SSL")).isEqualTo("on");
        assertThat(text(document, "//Protocol[Type='IMAP']/SPA")).isEqualTo("off");
        assertThat(text(document, "//Protocol[Type='IMAP']/LoginName")).isEqualTo("dr.durand@chu-exemple.fr");
        assertThat(text(document, "//Protocol[Type='IMAP']/AuthRequired")).isEqualTo("on");
        assertThat(text(document, "//Protocol[Type='SMTP']/Port")).isEqualTo("10465");
        assertThat(text(document, "//Protocol[Type='SMTP']/Encryption")).isEqualTo("SSL");
        assertThat(text(document, "//Protocol[Type='SMTP']/UsePOPAuth")).isEqualTo("off");
    }

    @Test
    void starttlsIsTlsEncryptionWhenImplicitTlsIsNotAdvertised() throws Exception {
        byte[] answer = OutlookAutodiscover.settings(OutlookAutodiscover.emailAddress(bytes(request(
            "dr.durand@chu-exemple.fr"))), AutoconfigSettingsTest.from(Map.of(Setting.AUTOCONFIG_PORTS,
            "imaps=none,submissions=none,imap=143,submission=587")));
        Document document = ThunderbirdConfigTest.parse(answer);

        assertThat(text(document, "//Protocol[Type='IMAP']/Port")).isEqualTo("143");
        assertThat(text(document, "//Protocol[Type='IMAP']/Encryption")).isEqualTo("TLS");
        assertThat(text(document, "//Protocol[Type='SMTP']/Port")).isEqualTo("587");
        assertThat(text(document, "//Protocol[Type='SMTP']/Encryption")).isEqualTo("TLS");
    }

    @Test
    void anErrorIsPoxsErrorWithItsCodeOurSentenceAndTheRule() throws Exception {
        byte[] answer = OutlookAutodiscover.error(500, "This server does not serve gmail.com: <ask> its operator",
            "autoconfig-unknown-domain", Instant.parse("2026-12-07T10:15:30.123456789Z"), "mail.chu-exemple.fr");
        Document document = ThunderbirdConfigTest.parse(answer);

        assertThat(text(document, "/Autodiscover/Response/Error/ErrorCode")).isEqualTo("500");
        assertThat(text(document, "/Autodiscover/Response/Error/Message"))
            .isEqualTo("This server does not serve gmail.com: <ask> its operator");
        assertThat(text(document, "/Autodiscover/Response/Error/DebugData")).isEqualTo("autoconfig-unknown-domain");
        assertThat(text(document, "/Autodiscover/Response/Error/@Time")).isEqualTo("10:15:30.1234567");
        assertThat(text(document, "/Autodiscover/Response/Error/@Id")).matches("[0-9]+");
    }
}
