package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;

/**
 * Mail clients configure themselves from the packaged server: Thunderbird's file fetched with curl by both of its
 * paths (the domain's {@code /.well-known/...} and {@code autoconfig.<domain>}'s {@code /mail/...}, by their Host) and
 * Outlook's POX autodiscover; every server they name is reached on the running listeners, in the TLS mode they say
 * (implicit TLS: the handshake first and the greeting after it; STARTTLS: a greeting in clear, then STARTTLS works),
 * and the demo box logs in over each with its password, by curl as the real client and by a line-level dialogue.
 * A domain not served, a patients' domain and a request that is not Outlook's are refused with their answer and
 * audited; WebAdmin gives the DNS records with the same ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoconfigIT {
    static final String DOMAIN = "caducee.localhost";
    static final String BOX = "dr.martin@" + DOMAIN;
    static final String PATIENT = "146026322000196@patient." + DOMAIN;
    static final String WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String ON_AUTOCONFIG_HOST = "/mail/config-v1.1.xml";
    static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        // Patients use the webmail: their domain is not configured in mail clients.
        .withProperty(CaduceeProcess.PATIENTS_MAIL_CLIENTS, "false");

    static String password;
    static Path rootCa;
    static SSLContext tls;

    @BeforeAll
    static void demoBox() throws Exception {
        password = caducee.server().demoAccounts().get(BOX);
        assertThat(password).as("the demo box %s", BOX).isNotBlank();
        rootCa = caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE);
        tls = TestClients.trustingServer(caducee.server());
    }

    /** One server named by the file: type, host, port, socketType, authentications, user name. */
    record Advertised(String type, String host, int port, String socketType, List<String> authentication,
                      String username) {
        String user() {
            return username.replace("%EMAILADDRESS%", BOX);
        }
    }

    @Test
    @Order(1)
    void thunderbirdsFileIsTheSameByBothPathsAndNamesTheListenersImplicitTlsFirst() throws Exception {
        Answer wellKnown = curl("-H", "Host: " + DOMAIN, api(WELL_KNOWN + "?emailaddress=dr.martin%40" + DOMAIN));
        Answer autoconfigHost = curl("-H", "Host: autoconfig." + DOMAIN, api(ON_AUTOCONFIG_HOST));

        for (Answer answer : List.of(wellKnown, autoconfigHost)) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType().replace(" ", "")).isEqualTo("application/xml;charset=utf-8");
            assertThat(answer.headers()).containsIgnoringCase("Cache-Control: public, max-age=3600");
        }
        assertThat(autoconfigHost.body()).isEqualTo(wellKnown.body());
        Document config = xml(wellKnown.body());
        assertThat(((Element) config.getElementsByTagName("emailProvider").item(0)).getAttribute("id")).isEqualTo(DOMAIN);
        CaduceeProcess.Ports ports = caducee.server().ports();
        assertThat(servers(config, "incomingServer")).containsExactly(
            new Advertised("imap", "localhost", ports.imaps(), "SSL", List.of("password-cleartext"), "%EMAILADDRESS%"),
            new Advertised("imap", "localhost", ports.imap(), "STARTTLS", List.of("password-cleartext"),
                "%EMAILADDRESS%"));
        assertThat(servers(config, "outgoingServer")).containsExactly(
            new Advertised("smtp", "localhost", ports.submissions(), "SSL", List.of("password-cleartext"),
                "%EMAILADDRESS%"),
            new Advertised("smtp", "localhost", ports.submission(), "STARTTLS", List.of("password-cleartext"),
                "%EMAILADDRESS%"));
    }

    @Test
    @Order(2)
    void eachAdvertisedImapServerSpeaksTheTlsModeItIsGivenAndTheBoxLogsIn() throws Exception {
        for (Advertised server : servers(thunderbirdFile(), "incomingServer")) {
            assertThat(server.authentication()).containsExactly("password-cleartext");
            try (Line imap = server.socketType().equals("SSL") ? Line.implicitTls(server) : Line.plain(server)) {
                String greeting = imap.read();
                assertThat(greeting).as(server.toString()).startsWith("* OK");
                if (server.socketType().equals("STARTTLS")) {
                    assertThat(imap.tagged("a1 CAPABILITY")).as(server.toString())
                        .anySatisfy(line -> assertThat(line).startsWith("* CAPABILITY").contains("STARTTLS"));
                    assertThat(imap.tagged("a2 STARTTLS")).as(server.toString()).last().asString().startsWith("a2 OK");
                    imap.startTls(server.host());
                }
                assertThat(imap.tagged("a3 LOGIN \"" + server.user() + "\" \"" + password + "\""))
                    .as(server.toString()).last().asString().startsWith("a3 OK");
            }
            // Thunderbird's way, by a real client: SSL is imaps://, STARTTLS is imap:// with TLS required.
            String scheme = server.socketType().equals("SSL") ? "imaps" : "imap";
            Answer listed = curl("--ssl-reqd", "-u", server.user() + ":" + password,
                scheme + "://" + server.host() + ":" + server.port() + "/");
            assertThat(listed.exit()).as(server + ": " + listed.body()).isZero();
            assertThat(listed.body()).contains("INBOX");
        }
    }

    @Test
    @Order(3)
    void eachAdvertisedSmtpServerSpeaksTheTlsModeItIsGivenAndTheBoxSendsThroughIt() throws Exception {
        for (Advertised server : servers(thunderbirdFile(), "outgoingServer")) {
            try (Line smtp = server.socketType().equals("SSL") ? Line.implicitTls(server) : Line.plain(server)) {
                assertThat(smtp.read()).as(server.toString()).startsWith("220 ");
                List<String> ehlo = smtp.reply("EHLO poste.caducee.localhost");
                if (server.socketType().equals("STARTTLS")) {
                    assertThat(ehlo).as(server.toString()).anySatisfy(line -> assertThat(line).contains("STARTTLS"));
                    assertThat(smtp.reply("STARTTLS")).last().asString().startsWith("220");
                    smtp.startTls(server.host());
                    smtp.reply("EHLO poste.caducee.localhost");
                } else {
                    assertThat(ehlo).as(server.toString()).noneSatisfy(line -> assertThat(line).contains("STARTTLS"));
                }
                String plain = Base64.getEncoder().encodeToString(("\0" + server.user() + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
                assertThat(smtp.reply("AUTH PLAIN " + plain)).as(server.toString()).last().asString().startsWith("235");
            }
            Path message = Files.createTempFile("autoconfig-", ".eml");
            Files.writeString(message, "From: " + BOX + "\r\nTo: " + BOX + "\r\nSubject: configured by "
                + server.socketType() + "\r\n\r\nSent through the server the autoconfiguration named.\r\n");
            String scheme = server.socketType().equals("SSL") ? "smtps" : "smtp";
            Answer sent = curl("--ssl-reqd", "-u", server.user() + ":" + password, "--mail-from", BOX,
                "--mail-rcpt", BOX, "--upload-file", message.toString(),
                scheme + "://" + server.host() + ":" + server.port());
            Files.delete(message);
            assertThat(sent.exit()).as(server + ": " + sent.body()).isZero();
        }
    }

    @Test
    @Order(4)
    void outlooksAutodiscoverNamesImapsAndSubmissionsWhichAnswerInTls() throws Exception {
        Answer answer = curl("-X", "POST", "-H", "Content-Type: text/xml", "--data-binary", outlookRequest(BOX),
            api(AUTODISCOVER));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType().replace(" ", "")).isEqualTo("text/xml;charset=utf-8");
        Document response = xml(answer.body());
        assertThat(response.getDocumentElement().getAttribute("xmlns"))
            .isEqualTo("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006");
        NodeList protocols = response.getElementsByTagName("Protocol");
        assertThat(protocols.getLength()).isEqualTo(2);
        CaduceeProcess.Ports ports = caducee.server().ports();
        for (int i = 0; i < protocols.getLength(); i++) {
            Element protocol = (Element) protocols.item(i);
            String type = text(protocol, "Type");
            int port = Integer.parseInt(text(protocol, "Port"));
            assertThat(port).isEqualTo(type.equals("IMAP") ? ports.imaps() : ports.submissions());
            assertThat(text(protocol, "Encryption")).isEqualTo("SSL");
            assertThat(text(protocol, "SPA")).isEqualTo("off");
            assertThat(text(protocol, "LoginName")).isEqualTo(BOX);
            Advertised server = new Advertised(type.toLowerCase(), text(protocol, "Server"), port, "SSL", List.of(),
                BOX);
            try (Line line = Line.implicitTls(server)) {
                assertThat(line.read()).startsWith(type.equals("IMAP") ? "* OK" : "220 ");
            }
        }
        // The other spelling Outlook uses.
        assertThat(curl("-X", "POST", "--data-binary", outlookRequest(BOX), api("/Autodiscover/Autodiscover.xml"))
            .status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aDomainNotServedHereIs404WithASentenceAndAudited() throws Exception {
        Answer thunderbird = curl("-H", "Host: autoconfig.gmail.com", api(ON_AUTOCONFIG_HOST));
        Answer outlook = curl("-X", "POST", "--data-binary", outlookRequest("someone@gmail.com"), api(AUTODISCOVER));

        assertThat(thunderbird.status()).isEqualTo(404);
        assertThat(thunderbird.body()).isEqualTo("autoconfig-unknown-domain: This server does not serve gmail.com: its "
            + "mail settings are given by the operator of gmail.com\n");
        assertThat(outlook.status()).isEqualTo(404);
        assertThat(text(xml(outlook.body()).getDocumentElement(), "ErrorCode")).isEqualTo("500");
        assertThat(refusals("autoconfig-unknown-domain")).hasSizeGreaterThanOrEqualTo(2).allSatisfy(record -> {
            assertThat(record.path("via").asText()).isEqualTo("autoconfig");
            assertThat(record.path("remote").asText()).isEqualTo("127.0.0.1");
            assertThat(record.path("reason").asText()).startsWith("404 ").contains("gmail.com");
        });
    }

    @Test
    @Order(6)
    void aPatientsDomainIsSentToTheWebmail() throws Exception {
        Answer answer = curl(api(WELL_KNOWN + "?emailaddress=" + PATIENT.replace("@", "%40")));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).startsWith("autoconfig-unknown-domain: Patients' boxes at patient." + DOMAIN)
            .contains("in the webmail, https://localhost:" + caducee.server().ports().webmail());
        assertThat(refusals("autoconfig-unknown-domain"))
            .anySatisfy(record -> assertThat(record.path("reason").asText()).contains("patient." + DOMAIN));
    }

    @Test
    @Order(7)
    void whatIsNotOutlooksRequestIs400AndAuditedAndNoEntityIsRead() throws Exception {
        Answer malformed = curl("-X", "POST", "--data-binary", "<Autodiscover><Request>", api(AUTODISCOVER));
        Answer entity = curl("-X", "POST", "--data-binary", "<?xml version=\"1.0\"?><!DOCTYPE Autodiscover ["
            + "<!ENTITY box SYSTEM \"file:///etc/passwd\">]>" + outlookRequest("&box;").substring(
                outlookRequest("").indexOf("<Autodiscover")), api(AUTODISCOVER));
        Answer fetched = curl(api(AUTODISCOVER));

        for (Answer answer : List.of(malformed, entity, fetched)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(text(xml(answer.body()).getDocumentElement(), "ErrorCode")).isEqualTo("600");
            assertThat(answer.body()).contains("<DebugData>autoconfig-request-unreadable</DebugData>")
                .doesNotContain("root:").doesNotContain("Exception");
        }
        assertThat(refusals("autoconfig-request-unreadable")).hasSize(3)
            .allSatisfy(record -> assertThat(record.path("via").asText()).isEqualTo("autoconfig"));
    }

    @Test
    @Order(8)
    void theRestOfTheApiStillAsksWhoCalls() throws Exception {
        Answer answer = curl("-H", "Host: autoconfig." + DOMAIN, api("/receipts"));

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    @Order(9)
    void webAdminGivesTheDnsRecordsWithTheListenersPorts() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        String zone = admin.get("/autoconfig/dns?domain=" + DOMAIN).body();
        CaduceeProcess.Ports ports = caducee.server().ports();

        assertThat(zone).contains("_imaps._tcp." + DOMAIN + ". ").contains(" IN SRV 0 1 " + ports.imaps() + " localhost.")
            .contains(" IN SRV 10 1 " + ports.imap() + " localhost.")
            .contains(" IN SRV 0 1 " + ports.submissions() + " localhost.")
            .contains(" IN SRV 10 1 " + ports.submission() + " localhost.")
            .contains("autoconfig." + DOMAIN + ". ").contains(" IN SRV 0 1 " + ports.api() + " localhost.");
        assertThat(admin.get("/autoconfig/dns").body()).contains("; mail clients of " + DOMAIN)
            .doesNotContain("patient." + DOMAIN);
        assertThat(admin.get("/autoconfig/dns?domain=patient." + DOMAIN).statusCode()).isEqualTo(404);
        assertThat(admin.get("/autoconfig/dns?domain=gmail.com").statusCode()).isEqualTo(404);
        assertThat(TestClients.WebAdmin.withoutToken(caducee.server()).get("/autoconfig/dns").statusCode())
            .isEqualTo(401);
    }

    private static Document thunderbirdFile() throws Exception {
        return xml(curl("-H", "Host: autoconfig." + DOMAIN, api(ON_AUTOCONFIG_HOST)).body());
    }

    private static List<Advertised> servers(Document config, String kind) {
        List<Advertised> servers = new ArrayList<>();
        NodeList nodes = config.getElementsByTagName(kind);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element server = (Element) nodes.item(i);
            List<String> authentication = new ArrayList<>();
            NodeList methods = server.getElementsByTagName("authentication");
            for (int j = 0; j < methods.getLength(); j++) {
                authentication.add(methods.item(j).getTextContent());
            }
            servers.add(new Advertised(server.getAttribute("type"), text(server, "hostname"),
                Integer.parseInt(text(server, "port")), text(server, "socketType"), authentication,
                text(server, "username")));
        }
        return servers;
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagName(name).item(0).getTextContent();
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String outlookRequest(String address) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover "
            + "xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request>"
            + "<EMailAddress>" + address + "</EMailAddress><AcceptableResponseSchema>"
            + "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
            + "</AcceptableResponseSchema></Request></Autodiscover>";
    }

    private static List<JsonNode> refusals(String rule) throws Exception {
        JsonNode records = JSON.readTree(new TestClients.WebAdmin(caducee.server())
            .get("/audit?decision=REFUSED&limit=100000").body());
        List<JsonNode> found = new ArrayList<>();
        records.forEach(record -> {
            if (rule.equals(record.path("rule").asText())) {
                found.add(record);
            }
        });
        return found;
    }

    private static String api(String pathAndQuery) {
        return "https://localhost:" + caducee.server().ports().api() + pathAndQuery;
    }

    /** What curl got: its exit code, the status, the response's headers and body. */
    record Answer(int exit, int status, String contentType, String headers, String body) {
    }

    /** curl checking the server's certificate against the development root, no client certificate. */
    private static Answer curl(String... arguments) throws Exception {
        Path headers = Files.createTempFile("autoconfig-headers-", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30", "--cacert",
            rootCa.toString(), "-D", headers.toString(), "-w", "\n%{http_code} %{content_type}"));
        command.addAll(List.of(arguments));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Header values are ISO-8859-1 (the API's realm is "Caducée").
        String head = Files.readString(headers, StandardCharsets.ISO_8859_1);
        Files.delete(headers);
        int last = output.lastIndexOf('\n');
        String[] written = output.substring(last + 1).split(" ", 2);
        int status = written[0].matches("[0-9]{3}") ? Integer.parseInt(written[0]) : 0;
        return new Answer(curl.exitValue(), status, written.length > 1 ? written[1] : "", head,
            output.substring(0, Math.max(last, 0)));
    }

    /** A line-level IMAP or SMTP connection to an advertised server, in the TLS mode it was advertised with. */
    private static final class Line implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        private Line(Socket socket) throws IOException {
            attach(socket);
        }

        /** Implicit TLS: the handshake succeeds at once, checking the certificate against the host advertised. */
        static Line implicitTls(Advertised server) throws Exception {
            // In clear, such a listener says nothing: the greeting only comes after a handshake.
            try (Socket clear = new Socket()) {
                clear.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
                clear.setSoTimeout(1_500);
                try {
                    assertThat(clear.getInputStream().read()).as("%s sends nothing in clear", server).isEqualTo(-1);
                } catch (SocketTimeoutException e) {
                    // nothing sent: the server waits for a ClientHello
                }
            }
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
            socket.setSSLParameters(checkingHost(socket));
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return new Line(socket);
        }

        static Line plain(Advertised server) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(30_000);
            return new Line(socket);
        }

        void startTls(String host) throws IOException {
            SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
            upgraded.setSSLParameters(checkingHost(upgraded));
            upgraded.setSoTimeout(30_000);
            upgraded.startHandshake();
            attach(upgraded);
        }

        String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            return line;
        }

        /** An IMAP command: its untagged lines, then its tagged status. */
        List<String> tagged(String command) throws IOException {
            write(command);
            String tag = command.substring(0, command.indexOf(' ') + 1);
            List<String> lines = new ArrayList<>();
            for (String line = read(); ; line = read()) {
                lines.add(line);
                if (line.startsWith(tag)) {
                    return lines;
                }
            }
        }

        /** An SMTP command and every line of its reply. */
        List<String> reply(String command) throws IOException {
            write(command);
            List<String> lines = new ArrayList<>();
            for (String line = read(); ; line = read()) {
                lines.add(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return lines;
                }
            }
        }

        private void write(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void attach(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        private static SSLParameters checkingHost(SSLSocket socket) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            return parameters;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
