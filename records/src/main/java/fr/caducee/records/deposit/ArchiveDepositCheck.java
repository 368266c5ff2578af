package fr.caducee.records.deposit;

import static fr.caducee.records.IntegrationError.AUTHOR_NOT_ALLOWED;
import static fr.caducee.records.IntegrationError.OTHER;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.documents.CdaHeader;
import fr.caducee.domain.documents.CdaReader;
import fr.caducee.domain.documents.Shown;
import fr.caducee.domain.documents.UnreadableArchiveException;
import fr.caducee.domain.documents.XdmArchive;
import fr.caducee.domain.documents.XdmAssociation;
import fr.caducee.domain.documents.XdmDocument;
import fr.caducee.domain.documents.XdmPackage;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.records.Deposit;
import fr.caducee.records.DepositChecks;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.RecordLookup;
import fr.caducee.records.deposit.PatientCheck.Identified;
import fr.caducee.records.deposit.VersionCheck.Resolved;

/**
 * The deposit checks of a message's {@code IHE_XDM.ZIP}, each refusal with ANS's integration error code:
 * <ul>
 * <li>906: the archive or a CDA cannot be read (not a ZIP, over a bound, a decompression bomb, a name that climbs out
 * of the archive, a duplicate name, no metadata, a document missing, not XML, a DTD, not CDA R2), the archive holds
 * no CDA, or its documents are for two patients;</li>
 * <li>903: a CDA without INS; 905: an INS without its OID, with a bad key, or without the identity traits;
 * 904: the INS of the metadata and of the CDA differ, or the CDA's traits contradict the patient registered here;
 * 902: the patient has no record with this operator;</li>
 * <li>901: the author is not a registered professional, or may not replace or withdraw that version;</li>
 * <li>900: a replacement or a withdrawal names a version that is not the current one of its set.</li>
 * </ul>
 * The first refusal met is the answer: the whole deposit is refused and nothing of it is stored.
 *
 * <p>Which documents are CDAs: the entries whose {@code mimeType} is XML, except signatures (type code
 * {@value #SIGNATURE_TYPE_CODE}, or the source of a {@code signs} association). Other entries (a PDF copy, DICOM
 * objects) travel along and are not deposited.
 *
 * <p>A document whose unique id is already in the record is accepted again, as it was sent: the store recognises
 * it by its unique id and acknowledges it without storing it twice. A withdrawal
 * ({@link fr.caducee.records.DocumentAction#DELETE}) carries the very version it withdraws, so its {@code uniqueId}
 * and its {@code replaces} are the same id, already stored: the store acts on the action before deduplicating.
 *
 * <p>Directory and record lookups that fail (the directory unreachable) propagate as they are: a temporary failure
 * of the server, not the sender's.
 */
public final class ArchiveDepositCheck implements DepositChecks {
    /** ANS's type code of a signature document in an XDM archive. */
    public static final String SIGNATURE_TYPE_CODE = "E1762";
    private static final String SIGNS = "urn:ihe:iti:2007:AssociationType:signs";
    private static final String CDA_MEDIA_TYPE = "text/xml";
    private static final Logger LOGGER = LoggerFactory.getLogger(ArchiveDepositCheck.class);

    private final Directory directory;
    private final RecordLookup lookup;

    public ArchiveDepositCheck(Directory directory, RecordLookup lookup) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public DepositOutcome check(InputStream archive, String senderBox, String messageId) throws IOException {
        try {
            return new DepositOutcome.Accepted(new Deposit(senderBox, messageId, documents(archive, senderBox)));
        } catch (RefusedDeposit refused) {
            LOGGER.info("Deposit {} from {} refused: {} {}", Shown.value(messageId), Shown.value(senderBox),
                refused.refusal().error().code(), refused.getMessage());
            return new DepositOutcome.Refused(refused.refusal());
        }
    }

    private List<DocumentDeposit> documents(InputStream archive, String senderBox) throws RefusedDeposit, IOException {
        XdmPackage xdm = read(archive);
        List<Read> cdas = cdas(xdm);
        List<Identified> patients = new ArrayList<>();
        for (Read cda : cdas) {
            if (cda.header().recordTargets() > 1) {
                throw new RefusedDeposit(OTHER, DepositRules.TWO_PATIENTS, cda.name() + " has "
                    + cda.header().recordTargets() + " record targets: a document deposited in a record is about "
                    + "one patient");
            }
            patients.add(PatientCheck.identify(cda.header(), cda.document().entry(), cda.name()));
        }
        for (int i = 1; i < patients.size(); i++) {
            if (!patients.get(i).ins().equals(patients.get(0).ins())) {
                throw new RefusedDeposit(OTHER, DepositRules.TWO_PATIENTS, XdmArchive.FILE_NAME + " holds documents "
                    + "for two patients (" + patients.get(0).ins() + " in " + cdas.get(0).name() + ", "
                    + patients.get(i).ins() + " in " + cdas.get(i).name() + "): deposit each patient's documents "
                    + "in a message of their own");
            }
        }
        List<DocumentDeposit> deposits = new ArrayList<>();
        for (int i = 0; i < cdas.size(); i++) {
            Read cda = cdas.get(i);
            Identified patient = patients.get(i);
            PatientCheck.registered(directory, patient, cda.header(), cda.name());
            String author = author(cda);
            Resolved resolved = VersionCheck.resolve(cda.header(), cda.document().entry(), xdm.associations(),
                patient.ins(), lookup, cda.name());
            VersionCheck.allowed(resolved, author, senderBox, directory, cda.name());
            deposits.add(deposit(cda, patient, author, resolved));
        }
        return deposits;
    }

    private static XdmPackage read(InputStream archive) throws RefusedDeposit, IOException {
        try {
            return XdmArchive.read(archive);
        } catch (UnreadableArchiveException e) {
            throw new RefusedDeposit(OTHER, DepositRules.of(e.problem()), e.getMessage());
        }
    }

    /** A CDA of the archive, read. */
    private record Read(XdmDocument document, String name, CdaHeader header) {
    }

    private static List<Read> cdas(XdmPackage xdm) throws RefusedDeposit {
        Set<String> signatures = new HashSet<>();
        xdm.associations().stream().filter(a -> SIGNS.equals(a.type())).forEach(a -> signatures.add(a.source()));
        List<Read> cdas = new ArrayList<>();
        Set<String> uniqueIds = new HashSet<>();
        for (XdmDocument document : xdm.documents()) {
            if (!xml(document.entry().mimeType()) || signatures.contains(document.entry().id())
                    || document.entry().document().typeCode().filter(SIGNATURE_TYPE_CODE::equals).isPresent()) {
                continue;
            }
            String name = document.path().map(Shown::value).orElse("the document " + Shown.value(document.entry().id()));
            if (document.path().isEmpty()) {
                throw new RefusedDeposit(OTHER, DepositRules.DOCUMENT_MISSING, "METADATA.XML declares the document "
                    + Shown.value(document.entry().id()) + " with no URI slot: name its file in the archive");
            }
            CdaHeader header;
            try {
                header = CdaReader.read(document.content(), document.path().get());
            } catch (UnreadableArchiveException e) {
                throw new RefusedDeposit(OTHER, DepositRules.of(e.problem()), e.getMessage());
            }
            if (header.typeCode().isEmpty()) {
                throw new RefusedDeposit(OTHER, DepositRules.NOT_CDA, name + " gives no document type "
                    + "(ClinicalDocument/code): its LOINC code says who may read it");
            }
            if (document.entry().uniqueId().filter(id -> !id.equals(header.uniqueId())).isPresent()) {
                throw new RefusedDeposit(OTHER, DepositRules.UNIQUE_ID_MISMATCH, "METADATA.XML gives the document "
                    + Shown.value(document.entry().id()) + " the unique id "
                    + Shown.value(document.entry().uniqueId().get()) + " but " + name + " is "
                    + Shown.value(header.uniqueId()) + ": the entry's uniqueId is the CDA's id");
            }
            if (!uniqueIds.add(header.uniqueId())) {
                throw new RefusedDeposit(OTHER, DepositRules.DUPLICATE_DOCUMENT, XdmArchive.FILE_NAME + " holds the "
                    + "document " + Shown.value(header.uniqueId()) + " twice: send each document once");
            }
            cdas.add(new Read(document, name, header));
        }
        if (cdas.isEmpty()) {
            throw new RefusedDeposit(OTHER, DepositRules.NO_CDA, XdmArchive.FILE_NAME + " declares no CDA document "
                + "(an entry of mimeType text/xml): the record keeps CDA R2 documents");
        }
        return cdas;
    }

    /** The author's national id, of a professional registered in the directory. */
    private String author(Read cda) throws RefusedDeposit {
        String written = cda.header().authorIdNat().orElseThrow(() -> new RefusedDeposit(AUTHOR_NOT_ALLOWED,
            DepositRules.AUTHOR_UNIDENTIFIED, cda.name() + " names no author by national id "
                + "(author/assignedAuthor/id with root " + IdNat.OID + "): the record keeps who wrote each document"));
        IdNat idNat;
        try {
            idNat = IdNat.parse(written);
        } catch (InvalidIdentifierException e) {
            throw new RefusedDeposit(AUTHOR_NOT_ALLOWED, DepositRules.AUTHOR_INVALID, cda.name() + " gives its author "
                + "the national id " + Shown.value(written) + ": " + e.problem() + "; give the author's RPPS "
                + "(8 + 11 digits) or ADELI (0 + 9 digits) as the directory publishes it");
        }
        if (directory.professional(idNat).isEmpty()) {
            throw new RefusedDeposit(AUTHOR_NOT_ALLOWED, DepositRules.AUTHOR_UNKNOWN, cda.name() + " is written by "
                + idNat + ", who is not a professional of the directory: the record takes documents written by "
                + "registered professionals");
        }
        return idNat.value();
    }

    private static DocumentDeposit deposit(Read cda, Identified patient, String author, Resolved resolved) {
        CdaHeader header = cda.header();
        Set<String> codes = cda.document().entry().document().confidentialityCodes();
        if (codes.isEmpty() && header.confidentialityCode().isPresent()) {
            codes = Set.of(header.confidentialityCode().get().toUpperCase(Locale.ROOT));
        }
        return new DocumentDeposit(header.uniqueId(), resolved.setId(), resolved.version(), resolved.action(),
            resolved.replaces(), patient.ins().matricule(), patient.authority(), author, header.typeCode().orElseThrow(),
            header.title(), codes, header.effectiveInstant(), CDA_MEDIA_TYPE, cda.document().content());
    }

    private static boolean xml(String mimeType) {
        String type = mimeType.toLowerCase(Locale.ROOT);
        return type.equals("text/xml") || type.equals("application/xml") || type.endsWith("+xml");
    }
}
