package fr.caducee.server.autoconfig;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import fr.caducee.domain.documents.HardenedXml;
import fr.caducee.domain.model.BoxAddress;

/**
 * Outlook's autodiscover as plain XML (POX, Microsoft's MS-OXDSCLI): the request Outlook POSTs, read with the
 * project's hardened parser (no DTD, no entity, nothing fetched), and the answers: the account's settings (one IMAP
 * and one SMTP server, the preferred of each, with {@code Encryption} {@code SSL} for implicit TLS and {@code TLS}
 * for STARTTLS, the box address as login, no SPA) or an {@code Error} with its POX code (600 invalid request, 601 no
 * provider for the response schema asked, 500 address not found) and our sentence.
 */
final class OutlookAutodiscover {
    static final String REQUEST_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    static final String RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_SCHEMA =
        "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";
    static final int ADDRESS_NOT_FOUND = 500;
    static final int INVALID_REQUEST = 600;
    static final int NO_PROVIDER = 601;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);

    /** A body that is not Outlook's POX request: the POX error code and a sentence saying what is expected. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Unreadable(int code, String sentence) {
            super(sentence, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    private OutlookAutodiscover() {
    }

    /** The box address the request asks about. */
    static BoxAddress emailAddress(byte[] body) throws Unreadable {
        Document document;
        try {
            document = HardenedXml.parse(body, true);
        } catch (SAXException | IOException e) {
            throw unreadable("The request is not well-formed XML without a DTD");
        }
        Element root = document.getDocumentElement();
        if (!isOutlookRequest(root)) {
            throw unreadable("The request is not an Outlook autodiscover request");
        }
        Element request = child(root, "Request").orElseThrow(() -> unreadable("The request has no Request element"));
        String schema = child(request, "AcceptableResponseSchema").map(Node::getTextContent).map(String::strip)
            .orElse("");
        if (!OUTLOOK_SCHEMA.equals(schema)) {
            throw new Unreadable(NO_PROVIDER, "Only Outlook's response schema (" + OUTLOOK_SCHEMA + ") is answered "
                + "here, for IMAP and SMTP");
        }
        String address = child(request, "EMailAddress").map(Node::getTextContent).orElse("");
        try {
            return BoxAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw unreadable("EMailAddress must hold the box address to configure");
        }
    }

    static byte[] settings(BoxAddress address, AutoconfigSettings settings) {
        IndentedXml xml = new IndentedXml()
            .open("Autodiscover", "xmlns", RESPONSE_SCHEMA)
            .open("Response", "xmlns", OUTLOOK_SCHEMA)
            .open("Account")
            .element("AccountType", "email")
            .element("Action", "settings");
        // Outlook takes one server per protocol: the preferred one.
        protocol(xml, "IMAP", settings.incoming().get(0), address, settings);
        protocol(xml, "SMTP", settings.outgoing().get(0), address, settings);
        return xml.close().close().close().bytes();
    }

    static byte[] error(int code, String sentence, String rule, Instant now, String host) {
        return new IndentedXml()
            .open("Autodiscover", "xmlns", RESPONSE_SCHEMA)
            .open("Response")
            .open("Error", "Time", TIME.format(now), "Id", Integer.toUnsignedString(host.hashCode()))
            .element("ErrorCode", Integer.toString(code))
            .element("Message", sentence)
            .element("DebugData", rule)
            .close().close().close().bytes();
    }

    private static void protocol(IndentedXml xml, String type, AdvertisedServer server, BoxAddress address,
                                 AutoconfigSettings settings) {
        xml.open("Protocol")
            .element("Type", type)
            .element("Server", settings.host())
            .element("Port", Integer.toString(server.port()))
            .element("DomainRequired", "off")
            .element("LoginName", address.address())
            .element("SPA", "off")
            .element("SSL", "on")
            .element("Encryption", server.service().implicitTls() ? "SSL" : "TLS")
            .element("AuthRequired", "on");
        if ("SMTP".equals(type)) {
            xml.element("UsePOPAuth", "off").element("SMTPLast", "off");
        }
        xml.close();
    }

    private static boolean isOutlookRequest(Element root) {
        return "Autodiscover".equals(root.getLocalName()) && REQUEST_SCHEMA.equals(root.getNamespaceURI());
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())
                    && REQUEST_SCHEMA.equals(element.getNamespaceURI())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Unreadable unreadable(String sentence) {
        return new Unreadable(INVALID_REQUEST, sentence + ": Outlook POSTs <Autodiscover xmlns=\"" + REQUEST_SCHEMA
            + "\"><Request><EMailAddress>box address</EMailAddress><AcceptableResponseSchema>" + OUTLOOK_SCHEMA
            + "</AcceptableResponseSchema></Request></Autodiscover>");
    }
}
