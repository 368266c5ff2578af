package fr.caducee.domain.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one XML parser for documents that come from the network (XDM metadata, CDA documents, mail clients'
 * autodiscover requests): the JDK's own, hardened.
 * A document type declaration is refused outright (no DTD, hence no entity of any kind, internal or external),
 * nothing is fetched (external DTD and schema access disabled, any entity resolution refused), no XInclude, and the
 * JDK's secure-processing limits apply. Errors are fatal: a document is well-formed or it is not read.
 */
public final class HardenedXml {
    private HardenedXml() {
    }

    public static Document parse(byte[] xml, boolean namespaces) throws SAXException, IOException {
        try {
            DocumentBuilder builder = factory(namespaces).newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + Shown.value(systemId) + " refused");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its hardening features", e);
        }
    }

    /** True when the parser stopped because the document declares a DTD (the JDK names the DOCTYPE it refused). */
    static boolean refusedDoctype(SAXException e) {
        return e.getMessage() != null && e.getMessage().contains("DOCTYPE");
    }

    private static DocumentBuilderFactory factory(boolean namespaces) throws ParserConfigurationException {
        // The JDK's own implementation, whatever else is on the class path: these features are known to it.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(namespaces);
        factory.setValidating(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static final ErrorHandler FAIL_ON_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // warnings do not make the document unreadable
        }

        @Override
        public void error(SAXParseException exception) throws SAXParseException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXParseException {
            throw exception;
        }
    };
}
