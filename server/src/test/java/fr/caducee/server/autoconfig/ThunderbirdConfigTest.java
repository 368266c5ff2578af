package fr.caducee.server.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import fr.caducee.server.settings.Setting;

class ThunderbirdConfigTest {

    static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** Each server of the given kind as "port socketType authentication... username". */
    static List<String> servers(Document config, String kind) {
        List<String> servers = new ArrayList<>();
        NodeList nodes = config.getElementsByTagName(kind);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element server = (Element) nodes.item(i);
            StringBuilder text = new StringBuilder(server.getAttribute("type"));
            for (String name : List.of("hostname", "port", "socketType", "authentication", "username")) {
                NodeList values = server.getElementsByTagName(name);
                for (int j = 0; j < values.getLength(); j++) {
                    text.append(' ').append(values.item(j).getTextContent());
                }
            }
            servers.add(text.toString());
        }
        return servers;
    }

    @Test
    void imapAndSubmissionAreListedImplicitTlsFirstWithTheBoxAddressAndItsPasswordInsideTls() throws Exception {
        Document config = parse(ThunderbirdConfig.write("chu-exemple.fr",
            AutoconfigSettingsTest.from(Map.of(Setting.AUTOCONFIG_PORTS, "imaps=993,imap=143,submissions=465,submission=587"))));

        Element root = config.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("clientConfig");
        assertThat(root.getAttribute("version")).isEqualTo("1.1");
        Element provider = (Element) root.getElementsByTagName("emailProvider").item(0);
        assertThat(provider.getAttribute("id")).isEqualTo("chu-exemple.fr");
        assertThat(provider.getElementsByTagName("domain").item(0).getTextContent()).isEqualTo("chu-exemple.fr");
        assertThat(servers(config, "incomingServer")).containsExactly(
            "imap mail.chu-exemple.fr 993 SSL password-cleartext %EMAILADDRESS%",
            "imap mail.chu-exemple.fr 143 STARTTLS password-cleartext %EMAILADDRESS%");
        assertThat(servers(config, "outgoingServer")).containsExactly(
            "smtp mail.chu-exemple.fr 465 SSL password-cleartext %EMAILADDRESS%",
            "smtp mail.chu-exemple.fr 587 STARTTLS password-cleartext %EMAILADDRESS%");
        assertThat(new String(ThunderbirdConfig.write("chu-exemple.fr", AutoconfigSettingsTest.from(Map.of())),
            StandardCharsets.UTF_8)).doesNotContain(">plain<").doesNotContain("oAuth2").doesNotContain("OAuth2");
    }

    @Test
    void aListenerLeftOutIsNotListed() throws Exception {
        Document config = parse(ThunderbirdConfig.write("chu-exemple.fr",
            AutoconfigSettingsTest.from(Map.of(Setting.AUTOCONFIG_PORTS, "imap=none,submission=none"))));

        assertThat(servers(config, "incomingServer")).containsExactly(
            "imap mail.chu-exemple.fr 10993 SSL password-cleartext %EMAILADDRESS%");
        assertThat(servers(config, "outgoingServer")).containsExactly(
            "smtp mail.chu-exemple.fr 10465 SSL password-cleartext %EMAILADDRESS%");
    }

    @Test
    void withProSanteConnectOAuth2ComesSecondWithTheProvidersEndpoints() throws Exception {
        Document config = parse(ThunderbirdConfig.write("chu-exemple.fr", AutoconfigSettingsTest.from(Map.of(
            Setting.PSC_ISSUER, "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"))));

        assertThat(servers(config, "incomingServer")).first()
            .isEqualTo("imap mail.chu-exemple.fr 10993 SSL password-cleartext OAuth2 %EMAILADDRESS%");
        assertThat(servers(config, "outgoingServer")).allSatisfy(server -> assertThat(server).contains("OAuth2"));
        Element oauth = (Element) config.getElementsByTagName("oAuth2").item(0);
        assertThat(oauth.getParentNode().getNodeName()).isEqualTo("clientConfig");
        assertThat(oauth.getElementsByTagName("issuer").item(0).getTextContent()).isEqualTo("auth.esw.esante.gouv.fr");
        assertThat(oauth.getElementsByTagName("scope").item(0).getTextContent()).isEqualTo("openid scope_all");
        assertThat(oauth.getElementsByTagName("authURL").item(0).getTextContent()).isEqualTo(
            "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect/auth");
        assertThat(oauth.getElementsByTagName("tokenURL").item(0).getTextContent()).isEqualTo(
            "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect/token");
    }

    @Test
    void theFileIsUtf8XmlThatShowsItsStructure() {
        String text = new String(ThunderbirdConfig.write("chu-exemple.fr", AutoconfigSettingsTest.from(Map.of())),
            StandardCharsets.UTF_8);

        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n"
            + "  <emailProvider id=\"chu-exemple.fr\">\n    <domain>chu-exemple.fr</domain>\n");
        assertThat(text).contains("<displayName>Messagerie sécurisée de santé (chu-exemple.fr)</displayName>")
            .endsWith("  </emailProvider>\n</clientConfig>\n");
    }
}
