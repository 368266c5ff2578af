package fr.caducee.trust.whitelist;

import java.io.BufferedInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

import fr.caducee.domain.model.OperatorDn;

/**
 * Reads the national whitelist (liste blanche) in the format ANS publishes ({@code listeblanchemssante.xml}):
 * <pre>{@code
 * <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">
 *   <DateDeGeneration>2025-03-13T14:54:10Z</DateDeGeneration>
 *   <ListeDomaines>
 *     <Domaine>
 *       <Nom>adsea29.mssante.fr</Nom>
 *       <Description>BREST LA SAUVEGARDE</Description>
 *       <DNCertificatOperateur>CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,...,C=FR</DNCertificatOperateur>
 *       <ResponsableContact>...</ResponsableContact>
 *       <SupportContact>...</SupportContact>
 *       <DateMAJ>2025-03-13T14:54:10Z</DateMAJ>
 *     </Domaine>
 *     ...
 * }</pre>
 * Each {@code Domaine} becomes one {@link WhitelistEntry}; a name may appear in several. Elements this class does
 * not know, and elements of other namespaces, are ignored so that additions to the format do not break loading.
 *
 * <p>The document comes from the network; parsing is streaming (SAX) with document type declarations refused
 * outright, which rules out external entities, entity expansion bombs and DTD fetches. SAX rather than DOM also
 * gives the line numbers that make error messages usable.
 *
 * <p>The whole document is refused (an {@link InvalidWhitelistException} with the line) when it is not
 * well-formed (a truncated download has no closing root tag and is refused here), has another root (the former
 * {@code <ListeBlanche>} layout included) or namespace, an unreadable {@code DateDeGeneration}, a {@code Domaine}
 * without a {@code Nom} element, a field given twice or holding markup, or when no entry is left. Those are faults
 * of the document's structure: whatever produced it went wrong, and nothing in it can be relied on.
 *
 * <p>An entry whose {@code Nom} is empty or not a domain name, or whose {@code DNCertificatOperateur} is missing or
 * cannot be read as a DN, is <em>skipped</em>, logged and listed in {@link Whitelist#skipped()}. These are typing
 * errors in one entry (the list of 2025-03-13 names a domain {@code sessad@ase.ditepbeziers.mssante.fr}): refusing
 * the list for them would stop this server from following every other change of the trust space, while skipping
 * the entry only keeps that one domain or operator out, which fails safe. An unreadable {@code DateMAJ} is left out
 * of its entry (it is informative only).
 */
public final class WhitelistParser {

    /** Namespace of the national whitelist schema. */
    public static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";

    static final String ROOT = "ListeBlancheMSSante";
    private static final String FORMER_ROOT = "ListeBlanche";
    private static final String GENERATED = "DateDeGeneration";
    private static final String DOMAINS = "ListeDomaines";
    private static final String DOMAIN = "Domaine";
    private static final String NAME = "Nom";
    private static final String DESCRIPTION = "Description";
    private static final String OPERATOR_DN = "DNCertificatOperateur";
    private static final String RESPONSIBLE = "ResponsableContact";
    private static final String SUPPORT = "SupportContact";
    private static final String UPDATED = "DateMAJ";
    private static final Set<String> FIELDS = Set.of(NAME, DESCRIPTION, OPERATOR_DN, RESPONSIBLE, SUPPORT, UPDATED);
    /** Far above any real field; stops a hostile document from growing one text node without limit. */
    private static final int MAX_FIELD_TEXT = 4096;

    private static final Logger LOG = System.getLogger(WhitelistParser.class.getName());

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
        if (handler.entries.isEmpty()) {
            throw new InvalidWhitelistException(source + ": the list is empty: no usable " + DOMAIN + " in "
                    + DOMAINS + (handler.skipped.isEmpty() ? ""
                    : " (" + handler.skipped.size() + " skipped, first: " + handler.skipped.get(0) + ")"));
        }
        for (String skipped : handler.skipped) {
            LOG.log(Level.WARNING, "Whitelist {0}: entry skipped: {1}", source, skipped);
        }
        return Whitelist.fromEntries(handler.entries, handler.skipped, handler.generatedAt, clock.instant(),
                source);
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

    /**
     * Collects the entries, failing at the first structural problem with its line number. Depth tells where we
     * are: 1 the root, 2 its children ({@code DateDeGeneration}, {@code ListeDomaines}), 3 a {@code Domaine},
     * 4 a field of it.
     */
    private static final class Handler extends DefaultHandler {

        final List<WhitelistEntry> entries = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        Instant generatedAt;
        private final StringBuilder text = new StringBuilder();
        private Locator locator;
        private int depth;
        private boolean inDomains;
        /** The field whose text is being read, or null. */
        private String field;
        private int fieldLine;
        private int domainLine;
        private final Map<String, String> fields = new HashMap<>();
        private final Map<String, Integer> fieldLines = new HashMap<>();
        private boolean inDomain;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            depth++;
            if (depth == 1) {
                checkRoot(uri, localName);
                return;
            }
            if (field != null) {
                throw fail("element <" + qName + "> at line " + line() + " inside <" + field + "> (line "
                        + fieldLine + "): " + field + " must contain only text");
            }
            if (!NAMESPACE.equals(uri)) {
                return;
            }
            if (depth == 2 && (GENERATED.equals(localName))) {
                startField(localName);
            } else if (depth == 2 && DOMAINS.equals(localName)) {
                inDomains = true;
            } else if (depth == 3 && inDomains && DOMAIN.equals(localName)) {
                inDomain = true;
                domainLine = line();
                fields.clear();
                fieldLines.clear();
            } else if (depth == 4 && inDomain && FIELDS.contains(localName)) {
                if (fields.containsKey(localName)) {
                    throw fail("<" + DOMAIN + "> at line " + domainLine + " has a second <" + localName
                            + "> at line " + line() + " (the first at line " + fieldLines.get(localName) + ")");
                }
                startField(localName);
            }
        }

        private void startField(String name) {
            field = name;
            fieldLine = line();
            text.setLength(0);
        }

        private void checkRoot(String uri, String localName) throws SAXException {
            if (FORMER_ROOT.equals(localName)) {
                throw fail("root element is <" + localName + "> at line " + line() + ": this is not the format "
                        + "ANS publishes; expected <" + ROOT + " xmlns=\"" + NAMESPACE + "\"> with "
                        + GENERATED + " and " + DOMAINS + "/" + DOMAIN + " entries (" + NAME + ", " + OPERATOR_DN
                        + "...), as in listeblanchemssante.xml");
            }
            if (!ROOT.equals(localName)) {
                throw fail("root element is <" + localName + "> at line " + line() + ", expected <" + ROOT
                        + " xmlns=\"" + NAMESPACE + "\">, the national whitelist as ANS publishes it");
            }
            if (!NAMESPACE.equals(uri)) {
                String actual = uri == null || uri.isEmpty() ? "no namespace" : "namespace '" + uri + "'";
                throw fail("root element <" + localName + "> at line " + line() + " has " + actual
                        + ", expected namespace '" + NAMESPACE + "'");
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (field != null) {
                if (text.length() + length > MAX_FIELD_TEXT) {
                    throw fail("<" + field + "> at line " + fieldLine + " is longer than " + MAX_FIELD_TEXT
                            + " characters");
                }
                text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            depth--;
            if (field != null) {
                String value = text.toString().strip();
                if (GENERATED.equals(field)) {
                    generatedAt = instant(value);
                    if (generatedAt == null) {
                        throw fail("<" + GENERATED + "> at line " + fieldLine + ": '" + value
                                + "' is not a date and time such as 2025-03-13T14:54:10Z");
                    }
                } else {
                    fields.put(field, value);
                    fieldLines.put(field, fieldLine);
                }
                field = null;
            } else if (depth == 2 && inDomain && NAMESPACE.equals(uri) && DOMAIN.equals(localName)) {
                inDomain = false;
                endDomain();
            } else if (depth == 1 && NAMESPACE.equals(uri) && DOMAINS.equals(localName)) {
                inDomains = false;
            }
        }

        private void endDomain() throws SAXException {
            String name = fields.get(NAME);
            if (name == null) {
                throw fail("<" + DOMAIN + "> at line " + domainLine + " has no <" + NAME + ">");
            }
            int nameLine = fieldLines.get(NAME);
            if (name.isEmpty()) {
                skipped.add("empty <" + NAME + "> at line " + nameLine);
                return;
            }
            String domain;
            try {
                domain = DomainNames.toAscii(name);
            } catch (IllegalArgumentException e) {
                skipped.add("<" + NAME + "> at line " + nameLine + ": '" + name + "' is not a valid domain name: "
                        + e.getMessage());
                return;
            }
            String dn = fields.get(OPERATOR_DN);
            if (dn == null || dn.isEmpty()) {
                skipped.add("<" + DOMAIN + "> at line " + domainLine + " (" + domain + ") has no <" + OPERATOR_DN
                        + ">");
                return;
            }
            OperatorDn operator;
            try {
                operator = OperatorDn.parse(dn);
            } catch (IllegalArgumentException e) {
                skipped.add("<" + OPERATOR_DN + "> at line " + fieldLines.get(OPERATOR_DN) + " (" + domain + "): "
                        + e.getMessage());
                return;
            }
            entries.add(new WhitelistEntry(domain, fields.get(DESCRIPTION), operator, fields.get(RESPONSIBLE),
                    fields.get(SUPPORT), instant(fields.getOrDefault(UPDATED, ""))));
        }

        private static Instant instant(String value) {
            if (value.isEmpty()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                return null;
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
