package fr.caducee.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import fr.caducee.trust.pki.DevPki;

/**
 * A national whitelist written as ANS publishes it ({@code ListeBlancheMSSante}, namespace
 * {@code https://listeblanche.mssante.fr/schema}): each domain with the subject DN of the certificate of the operator
 * that sends for it ({@code DNCertificatOperateur}). Tests bind domains to the DNs of the certificates they present.
 */
public final class NationalWhitelist {
    /** The development peer operator's certificate (pki/peer-operator.p12). */
    public static final String PEER_OPERATOR_DN = DevPki.PEER_SUBJECT;
    /** A Caducée server's own development certificate (pki/server.p12), as another server's list names it. */
    public static final String CADUCEE_DN = DevPki.SERVER_SUBJECT;

    private record Entry(String domain, String operatorDn) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** {@code domain} sent for by the operator whose certificate subject is {@code operatorDn}, as written. */
    public NationalWhitelist domain(String domain, String operatorDn) {
        entries.add(new Entry(domain, operatorDn));
        return this;
    }

    /** Several domains of one operator. */
    public NationalWhitelist domains(String operatorDn, String... domains) {
        for (String domain : domains) {
            domain(domain, operatorDn);
        }
        return this;
    }

    public String xml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\">\n"
            + "    <DateDeGeneration>2026-12-01T08:00:00Z</DateDeGeneration>\n"
            + "    <ListeDomaines>\n");
        for (Entry entry : entries) {
            xml.append("        <Domaine>\n")
                .append("            <Nom>").append(escape(entry.domain())).append("</Nom>\n")
                .append("            <Description>Test operator for ").append(escape(entry.domain())).append("</Description>\n")
                .append("            <DNCertificatOperateur>").append(escape(entry.operatorDn())).append("</DNCertificatOperateur>\n")
                .append("            <ResponsableContact>01 02 03 04 05, contact@").append(escape(entry.domain())).append("</ResponsableContact>\n")
                .append("            <SupportContact>01 02 03 04 06, support@").append(escape(entry.domain())).append("</SupportContact>\n")
                .append("            <DateMAJ>2026-12-01T08:00:00Z</DateMAJ>\n")
                .append("        </Domaine>\n");
        }
        return xml.append("    </ListeDomaines>\n</ListeBlancheMSSante>\n").toString();
    }

    /** Replaces {@code file} at once (a refreshing server never reads half a list). */
    public Path writeTo(Path file) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, xml());
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A temporary file deleted when the tests end. */
    public Path writeToTemporaryFile() {
        try {
            Path file = Files.createTempFile("liste-blanche-", ".xml");
            file.toFile().deleteOnExit();
            return writeTo(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
