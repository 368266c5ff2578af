package fr.caducee.directory.ldap;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;

import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * The directory store on an LDAP server (OpenLDAP, or the embedded UnboundID server), laid out as
 * {@link DirectoryTree} says and mapped by the {@code *Entries} classes.
 *
 * <p>Every write of a record is one LDAP add or one LDAP modify of the attributes that changed
 * ({@link RecordWriter}); references are checked first ({@link References}). Attributes outside the record
 * ({@code userPassword}, {@code cadRepresentative}, {@code cadProfessionCategory}, {@code description}) are never
 * touched by a put. An entry that does not make a valid record is treated as absent and logged
 * ({@link UnusableEntries}). Listings in key order are built client-side ({@link OrderedListing}).
 *
 * <p>What the server needs: the Caducée schema and the four {@code ou} containers under the base DN; for the
 * service account, write access, read access to {@code userPassword} and no size limit, since listings and counts
 * read whole containers (OpenLDAP: {@code limits dn.exact="<bind DN>" size=unlimited}); equality indexes on
 * {@code cadIdNat}, {@code cadResponsible}, {@code cadMember} and {@code cadStructureId}, which {@link #boxesOf}
 * and the removal checks search by, and {@code cadRepresentative}, which {@link #representedBy} searches by (without them the in-memory server reads every box; an index on
 * {@code objectClass} there doubles the cost of scans and adds). Records are otherwise read by DN.
 *
 * <p>Thread-safe. The only state kept here is the key windows of listings, at most a minute old; records
 * themselves are always read from the server.
 */
public final class LdapDirectoryStore implements DirectoryStore {

    private final LDAPInterface ldap;
    private final boolean ownsConnections;
    private final DN base;
    private final DirectoryTree tree;
    private final LdapOperations ops;
    private final UnusableEntries unusable = new UnusableEntries();
    private final References references;
    private final RecordWriter writer;
    private final Passwords passwords;
    private final Representatives representatives;
    private final OrderedListing<Professional> professionals;
    private final OrderedListing<Structure> structures;
    private final OrderedListing<Box> boxes;
    private final OrderedListing<Patient> patients;

    /**
     * A store on connections the caller opened and will close: {@link #close()} leaves them open.
     *
     * @param ldap   a connection pool in production (thread-safe, reconnecting); the in-process server in tests
     * @param baseDn the base of the tree, e.g. {@value LdapSettings#DEFAULT_BASE_DN}
     */
    public LdapDirectoryStore(LDAPInterface ldap, String baseDn) {
        this(ldap, baseDn, LdapConnections.describe(ldap));
    }

    /**
     * The same, naming the server in failure messages ({@code ldap://ldap1.example:389}), which a pool cannot tell.
     */
    public LdapDirectoryStore(LDAPInterface ldap, String baseDn, String serverName) {
        this(ldap, parseBase(baseDn), serverName, false, OrderedListing.WINDOW);
    }

    LdapDirectoryStore(LDAPInterface ldap, DN base, String server, boolean ownsConnections, int windowSize) {
        this.ldap = ldap;
        this.ownsConnections = ownsConnections;
        this.base = base;
        this.tree = new DirectoryTree(base);
        this.ops = new LdapOperations(ldap, server);
        this.references = new References(tree, ops);
        this.writer = new RecordWriter(ops);
        this.passwords = new Passwords(tree, ops);
        this.representatives = new Representatives(tree, ops, unusable);
        this.professionals = listing(RecordKind.PROFESSIONAL, k -> IdNat.parse(k).value(),
                ProfessionalEntries::fromEntry, ProfessionalEntries.READ, windowSize);
        this.structures = listing(RecordKind.STRUCTURE, k -> StructureId.parseNational(k).nationalId(),
                StructureEntries::fromEntry, StructureEntries.READ, windowSize);
        this.boxes = listing(RecordKind.BOX, k -> BoxAddress.parse(k).address(), BoxEntries::fromEntry,
                BoxEntries.READ, windowSize);
        this.patients = listing(RecordKind.PATIENT, k -> Ins.parse(k).matricule(), PatientEntries::fromEntry,
                PatientEntries.READ, windowSize);
    }

    /**
     * A store with its own connection pool, closed by {@link #close()}. TLS ({@code ldaps://}) trusts the JVM's
     * default trust store and checks the server's host name.
     *
     * @throws DirectoryUnavailableException when no server can be reached or the bind fails
     */
    public static LdapDirectoryStore connect(LdapSettings settings) {
        return connect(settings, LdapConnections.defaultTls());
    }

    /** The same, with the trust (and possibly client key) material of {@code tls} for {@code ldaps://}. */
    public static LdapDirectoryStore connect(LdapSettings settings, SSLContext tls) {
        LDAPConnectionPool pool = LdapConnections.open(settings, tls);
        return new LdapDirectoryStore(pool, parseBase(settings.baseDn()), LdapConnections.describe(settings), true,
                OrderedListing.WINDOW);
    }

    /**
     * Creates the base entry and the four containers where they are missing, so that a new external directory
     * needs only our schema. Returns how many entries were created.
     */
    public int prepareTree() {
        int created = 0;
        for (Entry entry : DirectorySkeleton.skeleton(base.toString())) {
            if (ops.get("check " + entry.getDN(), parsed(entry)).isEmpty()
                    && ops.add("create " + entry.getDN(), entry)) {
                created++;
            }
        }
        return created;
    }

    private static DN parsed(Entry entry) {
        try {
            return entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("invalid DN in the directory skeleton: " + entry.getDN(), e);
        }
    }

    @Override
    public Optional<Professional> professional(IdNat idNat) {
        return ops.get("read professional " + idNat, tree.professional(idNat),
                ProfessionalEntries.READ).flatMap(e -> unusable.read(RecordKind.PROFESSIONAL, e,
                ProfessionalEntries::fromEntry));
    }

    @Override
    public Optional<Structure> structure(StructureId id) {
        return ops.get("read structure " + References.name(id), tree.structure(id),
                StructureEntries.READ).flatMap(e -> unusable.read(RecordKind.STRUCTURE, e,
                StructureEntries::fromEntry));
    }

    @Override
    public Optional<Box> box(BoxAddress address) {
        return ops.get("read box " + address, tree.box(address), BoxEntries.READ)
                .flatMap(e -> unusable.read(RecordKind.BOX, e, BoxEntries::fromEntry));
    }

    @Override
    public Optional<Patient> patient(Ins ins) {
        return ops.get("read patient " + ins, tree.patient(ins), PatientEntries.READ)
                .flatMap(e -> unusable.read(RecordKind.PATIENT, e, PatientEntries::fromEntry));
    }

    @Override
    public List<Box> boxesOf(IdNat idNat) {
        return ops.search("read the boxes of professional " + idNat, tree.container(RecordKind.BOX),
                        References.boxes(References.naming(idNat)), 0, BoxEntries.READ).stream()
                .flatMap(e -> unusable.read(RecordKind.BOX, e, BoxEntries::fromEntry).stream())
                .sorted(Comparator.comparing(box -> box.address().address()))
                .toList();
    }

    @Override
    public List<Box> boxesAt(StructureId structure) {
        return ops.search("read the boxes of structure " + References.name(structure), tree.container(RecordKind.BOX),
                        References.boxes(Filter.createEqualityFilter(LdapNames.STRUCTURE_ID, structure.nationalId())),
                        0, BoxEntries.READ).stream()
                .flatMap(e -> unusable.read(RecordKind.BOX, e, BoxEntries::fromEntry).stream())
                .sorted(Comparator.comparing(box -> box.address().address()))
                .toList();
    }

    @Override
    public Optional<String> passwordHash(BoxAddress login) {
        return passwords.hash(login);
    }

    @Override
    public List<Box> boxes(Optional<BoxAddress> after, int limit) {
        return boxes.page(after.map(BoxAddress::address), limit);
    }

    @Override
    public List<Professional> professionals(Optional<IdNat> after, int limit) {
        return professionals.page(after.map(IdNat::value), limit);
    }

    @Override
    public List<Structure> structures(Optional<StructureId> after, int limit) {
        return structures.page(after.map(StructureId::nationalId), limit);
    }

    @Override
    public List<Patient> patients(Optional<Ins> after, int limit) {
        return patients.page(after.map(Ins::matricule), limit);
    }

    @Override
    public WriteOutcome putProfessional(Professional professional) {
        DN dn = tree.professional(professional.idNat());
        WriteOutcome outcome = writer.put("professional " + professional.idNat(), dn, ProfessionalEntries.READ,
                ProfessionalEntries.MANAGED, stored -> ProfessionalEntries.toEntry(dn, professional));
        return added(outcome, professionals);
    }

    @Override
    public WriteOutcome putStructure(Structure structure) {
        DN dn = tree.structure(structure.id());
        WriteOutcome outcome = writer.put("structure " + References.name(structure.id()), dn, StructureEntries.READ,
                StructureEntries.MANAGED, stored -> StructureEntries.toEntry(dn, structure));
        return added(outcome, structures);
    }

    @Override
    public WriteOutcome putBox(Box box) {
        references.checkBox(box);
        DN dn = tree.box(box.address());
        WriteOutcome outcome = writer.put("box " + box.address(), dn, BoxEntries.READ, BoxEntries.MANAGED,
                stored -> {
                    Entry desired = BoxEntries.toEntry(dn, box);
                    stored.ifPresent(s -> keepImmutable(box, s, desired));
                    return desired;
                });
        return added(outcome, boxes);
    }

    @Override
    public void createBox(Box box) {
        references.checkBox(box);
        if (!ops.add("create box " + box.address(), BoxEntries.toEntry(tree.box(box.address()), box))) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.DUPLICATE, "box " + box.address()
                    + " already exists");
        }
        boxes.invalidate();
    }

    @Override
    public WriteOutcome putPatient(Patient patient) {
        references.checkDispensings(patient);
        DN dn = tree.patient(patient.ins());
        // A patient is replaced whole, creation date included: the contract keeps only a box's.
        WriteOutcome outcome = writer.put("patient " + patient.ins(), dn, PatientEntries.READ,
                PatientEntries.MANAGED, stored -> PatientEntries.toEntry(dn, patient));
        return added(outcome, patients);
    }

    @Override
    public void addDispensing(Ins ins, Dispensing dispensing) {
        String subject = "patient " + ins;
        DN dn = tree.patient(ins);
        if (ops.get("read " + subject, dn, LdapNames.NO_ATTRIBUTES).isEmpty()) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, subject + " is not in the directory");
        }
        references.requireStructure(subject, "dispensing structure", dispensing.pharmacy());
        ModifyRequest add = new ModifyRequest(dn, new Modification(ModificationType.ADD, LdapNames.DISPENSING,
                PatientEntries.dispensing(dispensing)));
        // A dispensing already recorded is recorded: adding it again is not an error.
        ResultCode result = ops.modify("add a dispensing to " + subject, add, ResultCode.NO_SUCH_OBJECT,
                ResultCode.ATTRIBUTE_OR_VALUE_EXISTS);
        if (result == ResultCode.NO_SUCH_OBJECT) {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.NOT_FOUND, subject + " is not in the directory");
        }
    }

    @Override
    public List<Ins> representativesOf(Ins patient) {
        return representatives.of(patient);
    }

    @Override
    public List<Patient> representedBy(Ins representative) {
        return representatives.representedBy(representative);
    }

    @Override
    public boolean addRepresentative(Ins patient, Ins representative) {
        return representatives.add(patient, representative);
    }

    @Override
    public boolean removeRepresentative(Ins patient, Ins representative) {
        return representatives.remove(patient, representative);
    }

    @Override
    public void setPasswordHash(BoxAddress login, String hash) {
        passwords.setHash(login, hash);
    }

    @Override
    public boolean removeProfessional(IdNat idNat) {
        String subject = "professional " + idNat;
        references.refuseWhileBoxesReferTo(subject, References.naming(idNat));
        return removed(ops.delete("remove " + subject, tree.professional(idNat)), professionals);
    }

    @Override
    public boolean removeStructure(StructureId id) {
        String subject = "structure " + References.name(id);
        references.refuseWhileBoxesReferTo(subject,
                Filter.createEqualityFilter(LdapNames.STRUCTURE_ID, id.nationalId()));
        return removed(ops.delete("remove " + subject, tree.structure(id)), structures);
    }

    @Override
    public boolean removeBox(BoxAddress address) {
        return removed(ops.delete("remove box " + address, tree.box(address)), boxes);
    }

    /** Counts the box entries, valid or not, in one streamed scan of their DNs (no attributes are transferred). */
    @Override
    public long countBoxes() {
        long[] count = {0};
        ops.scan("count boxes", tree.container(RecordKind.BOX),
                Filter.createEqualityFilter(LdapNames.OBJECT_CLASS, LdapNames.BOX_CLASS),
                () -> count[0] = 0, entry -> count[0]++, LdapNames.NO_ATTRIBUTES);
        return count[0];
    }

    /** Closes the connection pool if {@link #connect} opened it; connections given to the constructor stay open. */
    @Override
    public void close() {
        if (ownsConnections && ldap instanceof LDAPConnectionPool pool) {
            pool.close();
        }
    }

    /** How many times an entry that is not a valid record was met (each is logged as a warning). */
    long unusableEntries() {
        return unusable.count();
    }

    /**
     * What the contract does not let a put change: the type and the holder of a box, and its creation date, which
     * is kept. A stored value that is not valid (an entry edited by hand) is overwritten instead.
     */
    private static void keepImmutable(Box box, Entry stored, Entry desired) {
        BoxEntries.validType(stored).filter(type -> type != box.type()).ifPresent(type -> {
            throw new DirectoryRefusal(DirectoryRefusal.Reason.CONFLICT, "box " + box.address()
                    + ": type cannot change from " + type + " to " + box.type());
        });
        BoxEntries.validHolder(stored).filter(holder -> !box.professional().equals(Optional.of(holder)))
                .ifPresent(holder -> {
                    throw new DirectoryRefusal(DirectoryRefusal.Reason.CONFLICT, "box " + box.address()
                            + ": holder professional cannot change from " + holder + " to "
                            + box.professional().map(IdNat::value).orElse("none"));
                });
        keepCreated(stored, desired);
    }

    /** A box keeps the creation date it was stored with, in the stored form so that it compares equal. */
    private static void keepCreated(Entry stored, Entry desired) {
        try {
            EntryValues.single(stored, LdapNames.CREATED).ifPresent(created -> {
                EntryValues.parseTime(LdapNames.CREATED, created);
                desired.setAttribute(LdapNames.CREATED, created);
            });
        } catch (IllegalArgumentException e) {
            // An invalid stored date is replaced by the record's.
        }
    }

    private static WriteOutcome added(WriteOutcome outcome, OrderedListing<?> listing) {
        if (outcome == WriteOutcome.ADDED) {
            listing.invalidate();
        }
        return outcome;
    }

    private static boolean removed(boolean removed, OrderedListing<?> listing) {
        if (removed) {
            listing.invalidate();
        }
        return removed;
    }

    private <T> OrderedListing<T> listing(RecordKind kind, UnaryOperator<String> canonicalKey,
                                          Function<Entry, T> mapper, String[] attributes, int windowSize) {
        return new OrderedListing<>(kind, tree, ops, unusable, canonicalKey, mapper, attributes, windowSize,
                System::nanoTime);
    }

    private static DN parseBase(String baseDn) {
        try {
            return new DN(baseDn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("base DN '" + baseDn + "' is not a valid DN (" + e.getMessage() + ")");
        }
    }
}
