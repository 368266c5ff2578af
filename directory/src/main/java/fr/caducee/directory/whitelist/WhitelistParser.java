package fr.caducee.directory.whitelist;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the national whitelist (liste blanche) XML document.
 *
 * <p>Expected shape: a root {@code ListeBlanche} in namespace {@value #NAMESPACE}, and domain names in
 * {@code Nom} elements whose parent is a {@code Domaine} element (XPath {@code //Domaine/Nom}), possibly
 * internationalised. Other elements and attributes are ignored, so additions to the national format do not
 * break loading. A {@code Nom} elsewhere (for instance an operator's name) is not a domain.
 *
 * <p>The document comes from the network; parsing is streaming (SAX) with document type declarations refused
 * outright, which rules out external entities, entity expansion bombs and DTD fetches. SAX rather than DOM also
 * gives the line numbers that make error messages usable.
 *
 * <p>Refused: anything not well-formed, a wrong root element or namespace, a {@code Domaine} without
 * {@code Nom}, a {@code Nom} that is not a valid domain name, and a document with no domain at all.
 * Duplicates (including the same domain in Unicode and punycode form) are merged.
 */
public final class WhitelistParser {

    /** Namespace of the national whitelist schema. */
    public static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";

    private static final String ROOT = "ListeBlanche";
    private static final String DOMAIN = "Domaine";
    private static final String NAME = "Nom";
    /** Far above any domain name; stops a hostile document from growing one text node without limit. */
    private static final int MAX_NAME_TEXT = 1024;

    private final Clock clock;
    private final SAXParserFactory factory;

    public WhitelistParser() {
        this(Clock.systemUTC());
    }

    /** @param clock gives {@link Whitelist#loadedAt()} */
    public WhitelistParser(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.factory = secureFactory();
    }

    /** Parses a file; the list's source is the file's path. */
    public Whitelist parse(Path file) throws InvalidWhitelistException, IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return parse(in, file.toString());
        }
    }

    /**
     * Parses a document from {@code in}, which is not closed.
     *
     * @param source where the document comes from, for messages and {@link Whitelist#source()}
     * @throws IOException if reading fails (as opposed to the content being wrong)
     */
    public Whitelist parse(InputStream in, String source) throws InvalidWhitelistException, IOException {
        Objects.requireNonNull(source, "source");
        Handler handler = new Handler();
        try {
            SAXParser parser;
            synchronized (factory) {
                // Factories are not thread-safe; parsers are per call, so one WhitelistParser can be shared.
                parser = factory.newSAXParser();
            }
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            InputSource input = new InputSource(in);
            input.setSystemId(source);
            parser.parse(input, handler);
        } catch (SAXParseException e) {
            throw new InvalidWhitelistException(source + ": not a well-formed XML document at line "
                    + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            if (e.getException() instanceof InvalidWhitelistException invalid) {
                throw new InvalidWhitelistException(source + ": " + invalid.getMessage());
            }
            throw new InvalidWhitelistException(source + ": not a valid XML document: " + e.getMessage(), e);
        } catch (CharConversionException e) {
            // The parser reports bad byte sequences as an IOException subtype; it is the content that is wrong.
            throw new InvalidWhitelistException(source + ": invalid character encoding: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
        if (handler.domains.isEmpty()) {
            throw new InvalidWhitelistException(source + ": no domain found (no " + DOMAIN + "/" + NAME
                    + " element)");
        }
        return Whitelist.of(handler.domains, clock.instant(), source);
    }

    private static SAXParserFactory secureFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXException e) {
            // Never fall back to an insecure parser.
            throw new IllegalStateException("XML parser does not support the required security features", e);
        }
        return f;
    }

    /** Collects the names, failing at the first structural problem with its line number. */
    private static final class Handler extends DefaultHandler {

        final List<String> domains = new ArrayList<>();
        private final Deque<String> path = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private Locator locator;
        private boolean inName;
        private int nameLine;
        private int domainLine;
        private int namesInDomain;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if (path.isEmpty()) {
                checkRoot(uri, localName);
            }
            if (inName) {
                throw fail("element <" + qName + "> at line " + line() + " inside <" + NAME + "> (line "
                        + nameLine + "): " + NAME + " must contain only a domain name");
            }
            boolean ours = NAMESPACE.equals(uri);
            String key = ours ? localName : null;
            if (ours && NAME.equals(localName) && DOMAIN.equals(path.peek())) {
                inName = true;
                nameLine = line();
                text.setLength(0);
            } else if (ours && DOMAIN.equals(localName)) {
                domainLine = line();
                namesInDomain = 0;
            }
            path.push(key == null ? "" : key);
        }

        private void checkRoot(String uri, String localName) throws SAXException {
            if (!NAMESPACE.equals(uri)) {
                String actual = uri == null || uri.isEmpty() ? "no namespace" : "namespace '" + uri + "'";
                throw fail("root element <" + localName + "> at line " + line() + " has " + actual
                        + ", expected namespace '" + NAMESPACE + "'");
            }
            if (!ROOT.equals(localName)) {
                throw fail("root element is <" + localName + "> at line " + line() + ", expected <" + ROOT
                        + ">");
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (inName) {
                if (text.length() + length > MAX_NAME_TEXT) {
                    throw fail("<" + NAME + "> at line " + nameLine + " is longer than " + MAX_NAME_TEXT
                            + " characters");
                }
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            path.pop();
            if (inName) {
                inName = false;
                namesInDomain++;
                addName(text.toString().strip());
            } else if (NAMESPACE.equals(uri) && DOMAIN.equals(localName) && namesInDomain == 0) {
                throw fail("<" + DOMAIN + "> at line " + domainLine + " has no <" + NAME + ">");
            }
        }

        private void addName(String name) throws SAXException {
            if (name.isEmpty()) {
                throw fail("empty <" + NAME + "> at line " + nameLine);
            }
            try {
                domains.add(DomainNames.toAscii(name));
            } catch (IllegalArgumentException e) {
                throw fail("<" + NAME + "> at line " + nameLine + ": '" + name + "' is not a valid domain name: "
                        + e.getMessage());
            }
        }

        private int line() {
            return locator == null ? -1 : locator.getLineNumber();
        }

        private static SAXException fail(String message) {
            return new SAXException(new InvalidWhitelistException(message));
        }
    }
}
