package fr.caducee.ldapengine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyDeleteRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * The directory's content in memory, compactly: each entry encoded by {@link EntryCodec} under its normalized DN,
 * the children of each entry, and equality indexes on the attributes the store looks records up by.
 *
 * <p><b>Concurrency.</b> Writes are serial (this object's monitor; {@link DurableWrites} serialises them anyway,
 * and recovery runs alone): a writer checks and validates without blocking readers, then takes the write lock
 * only to change the maps. Readers take the read lock just long enough to fetch encoded entries (immutable byte
 * arrays, replaced on change, never modified), then decode and filter them outside it. A read therefore sees every
 * write that returned before it started, and a search sees each entry as it was at one point in time.
 *
 * <p>The server enforces the schema ({@link EntryValidator}), refuses an entry whose parent is missing, a
 * duplicate, and the deletion of an entry that has children. It generates no operational attributes.
 */
final class EntryStore {

    static final String ROOT_DSE = "";
    static final String SCHEMA_DN = "cn=schema";
    private static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";
    private static final String PERMISSIVE_MODIFY = "1.2.840.113556.1.4.1413";
    private static final String MANAGE_DSA_IT = "2.16.840.1.113730.3.4.2";

    /** Names as spelt by clients are cached; a bound keeps odd spellings from growing the cache forever. */
    static final int MAX_CACHED_NAMES = 4096;

    private final Schema schema;
    private final EntryCodec codec;
    private final EntryValidator validator;
    private final DN base;
    private final String baseKey;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, byte[]> entries = new HashMap<>(1 << 16);
    private final Map<String, Set<String>> children = new HashMap<>();
    /** Attribute (lower case) -> normalized value -> one DN key (String) or several (Set of String). */
    private final Map<String, Map<String, Object>> indexes = new HashMap<>();
    private final Map<String, String> canonicalNames = new ConcurrentHashMap<>();

    /** @param indexed attribute names (lower case) whose equality filters are answered from an index */
    EntryStore(Schema schema, String baseDn, Set<String> indexed) throws LDAPException {
        this.schema = schema;
        this.codec = new EntryCodec(schema);
        this.validator = new EntryValidator(schema);
        this.base = new DN(baseDn, schema);
        this.baseKey = base.toNormalizedString();
        for (String attribute : indexed) {
            indexes.put(attribute, new HashMap<>());
        }
    }

    Schema schema() {
        return schema;
    }

    DN base() {
        return base;
    }

    int size() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- Writes.

    synchronized LDAPResult add(ReadOnlyAddRequest request) throws LDAPException {
        checkControls(request.getControlList(), false);
        Entry entry = new Entry(request.getDN(), schema, request.getAttributes());
        DN dn = parse(entry.getDN());
        String key = dn.toNormalizedString();
        if (entries.containsKey(key)) {
            throw refusal(ResultCode.ENTRY_ALREADY_EXISTS, "Entry " + entry.getDN() + " already exists");
        }
        String parentKey = requireParent(dn);
        assertion(request.getControlList(), entry);
        validate(entry);
        byte[] encoded = codec.encode(entry);
        lock.writeLock().lock();
        try {
            insert(key, parentKey, entry, encoded);
        } finally {
            lock.writeLock().unlock();
        }
        return success();
    }

    synchronized LDAPResult modify(ReadOnlyModifyRequest request) throws LDAPException {
        boolean lenient = checkControls(request.getControlList(), true);
        DN dn = parse(request.getDN());
        String key = dn.toNormalizedString();
        byte[] stored = stored(key, request.getDN());
        Entry old = codec.decode(stored);
        assertion(request.getControlList(), old);
        Entry updated = Entry.applyModifications(old, lenient, request.getModifications());
        updated = new Entry(old.getDN(), schema, updated.getAttributes());
        validate(updated);
        byte[] encoded = codec.encode(updated);
        lock.writeLock().lock();
        try {
            unindex(key, old);
            entries.put(key, encoded);
            index(key, updated);
        } finally {
            lock.writeLock().unlock();
        }
        return success();
    }

    synchronized LDAPResult delete(ReadOnlyDeleteRequest request) throws LDAPException {
        checkControls(request.getControlList(), false);
        DN dn = parse(request.getDN());
        String key = dn.toNormalizedString();
        byte[] stored = stored(key, request.getDN());
        requireLeaf(key, request.getDN(), "");
        Entry old = codec.decode(stored);
        assertion(request.getControlList(), old);
        lock.writeLock().lock();
        try {
            remove(key, dn, old);
        } finally {
            lock.writeLock().unlock();
        }
        return success();
    }

    synchronized LDAPResult modifyDN(ReadOnlyModifyDNRequest request) throws LDAPException {
        checkControls(request.getControlList(), false);
        DN dn = parse(request.getDN());
        String key = dn.toNormalizedString();
        byte[] stored = stored(key, request.getDN());
        requireLeaf(key, request.getDN(), "; only leaves can be renamed");
        if (key.equals(baseKey)) {
            throw refusal(ResultCode.UNWILLING_TO_PERFORM, "The base entry cannot be renamed");
        }
        DN parent = request.getNewSuperiorDN() == null ? dn.getParent() : parse(request.getNewSuperiorDN());
        RDN newRdn;
        try {
            newRdn = new RDN(request.getNewRDN(), schema);
        } catch (LDAPException e) {
            throw refusal(ResultCode.INVALID_DN_SYNTAX, "Invalid new RDN " + request.getNewRDN());
        }
        DN target = new DN(newRdn, parent);
        String targetKey = target.toNormalizedString();
        if (!targetKey.equals(key) && entries.containsKey(targetKey)) {
            throw refusal(ResultCode.ENTRY_ALREADY_EXISTS, "Entry " + target + " already exists");
        }
        String parentKey = requireParent(target);
        Entry old = codec.decode(stored);
        assertion(request.getControlList(), old);
        Entry renamed = Entry.applyModifyDN(old, request.getNewRDN(), request.deleteOldRDN(),
                request.getNewSuperiorDN());
        renamed = new Entry(renamed.getDN(), schema, renamed.getAttributes());
        validate(renamed);
        byte[] encoded = codec.encode(renamed);
        lock.writeLock().lock();
        try {
            remove(key, dn, old);
            insert(targetKey, parentKey, renamed, encoded);
        } finally {
            lock.writeLock().unlock();
        }
        return success();
    }

    /**
     * Adds an entry read from a snapshot: written by this server, so already valid and in parent-first order;
     * only its place in the tree is checked.
     */
    synchronized void restore(Entry entry) throws LDAPException {
        DN dn = parse(entry.getDN());
        String key = dn.toNormalizedString();
        if (entries.containsKey(key)) {
            throw refusal(ResultCode.ENTRY_ALREADY_EXISTS, "Entry " + entry.getDN() + " appears twice");
        }
        String parentKey = requireParent(dn);
        byte[] encoded = codec.encode(entry);
        lock.writeLock().lock();
        try {
            insert(key, parentKey, entry, encoded);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- Reads.

    /** The entry, or null when there is none. */
    Entry get(String dn) throws LDAPException {
        String key = parse(dn).toNormalizedString();
        byte[] stored;
        lock.readLock().lock();
        try {
            stored = entries.get(key);
        } finally {
            lock.readLock().unlock();
        }
        if (stored == null) {
            return special(key);
        }
        return codec.decode(stored);
    }

    /** What a search ended with: SUCCESS or SIZE_LIMIT_EXCEEDED, and the number of entries returned. */
    record Outcome(ResultCode code, int entries) {
    }

    /**
     * Passes the entries within the scope that match the filter to {@code sink}, at most {@code sizeLimit} (0: no
     * limit), with the requested attributes.
     *
     * @throws LDAPException NO_SUCH_OBJECT when the base is missing
     */
    Outcome search(String baseDn, SearchScope scope, Filter filter, int sizeLimit, List<String> attributes,
                   boolean typesOnly, Consumer<Entry> sink) throws LDAPException {
        String key = parse(baseDn).toNormalizedString();
        List<byte[]> candidates = new ArrayList<>();
        Entry special = null;
        lock.readLock().lock();
        try {
            byte[] baseEntry = entries.get(key);
            if (baseEntry == null) {
                special = special(key);
                if (special == null) {
                    throw noSuchObject(baseDn);
                }
            } else if (scope == SearchScope.BASE) {
                candidates.add(baseEntry);
            } else {
                Set<String> indexed = candidatesFromIndex(filter);
                if (indexed != null) {
                    for (String candidate : indexed) {
                        if (inScope(candidate, key, scope)) {
                            candidates.add(entries.get(candidate));
                        }
                    }
                } else {
                    collect(key, scope, candidates);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        int returned = 0;
        if (special != null) {
            if (scope == SearchScope.BASE && filter.matchesEntry(special, schema)) {
                sink.accept(select(special, attributes, typesOnly));
                returned++;
            }
            return new Outcome(ResultCode.SUCCESS, returned);
        }
        for (byte[] candidate : candidates) {
            Entry entry = codec.decode(candidate);
            if (!filter.matchesEntry(entry, schema)) {
                continue;
            }
            if (sizeLimit > 0 && returned >= sizeLimit) {
                return new Outcome(ResultCode.SIZE_LIMIT_EXCEEDED, returned);
            }
            sink.accept(select(entry, attributes, typesOnly));
            returned++;
        }
        return new Outcome(ResultCode.SUCCESS, returned);
    }

    /**
     * Every entry, parents before children, as at this moment; the caller keeps writers out meanwhile (see
     * {@link DurableWrites#exclusively}). Decode them with {@link #decode}.
     */
    List<byte[]> pointInTime() {
        lock.readLock().lock();
        try {
            List<byte[]> all = new ArrayList<>(entries.size());
            if (entries.containsKey(baseKey)) {
                collect(baseKey, SearchScope.SUB, all);
            }
            return all;
        } finally {
            lock.readLock().unlock();
        }
    }

    Entry decode(byte[] encoded) {
        return codec.decode(encoded);
    }

    Entry rootDse() {
        Entry root = new Entry(ROOT_DSE, schema);
        root.addAttribute("objectClass", "top", "ds-root-dse");
        root.addAttribute("namingContexts", base.toString());
        root.addAttribute("subschemaSubentry", SCHEMA_DN);
        root.addAttribute("supportedLDAPVersion", "3");
        root.addAttribute("supportedExtension", WHO_AM_I);
        root.addAttribute("supportedControl", AssertionRequestControl.ASSERTION_REQUEST_OID, PERMISSIVE_MODIFY);
        root.addAttribute("vendorName", "Caducée");
        return root;
    }

    Entry schemaEntry() {
        Entry source = schema.getSchemaEntry();
        return new Entry(SCHEMA_DN, schema, source.getAttributes());
    }

    // ---- Internals.

    private Entry special(String key) {
        if (key.isEmpty()) {
            return rootDse();
        }
        if (key.equals(SCHEMA_DN)) {
            return schemaEntry();
        }
        return null;
    }

    private DN parse(String dn) throws LDAPException {
        try {
            return new DN(dn, schema);
        } catch (LDAPException e) {
            throw refusal(ResultCode.INVALID_DN_SYNTAX, "Invalid DN " + dn + ": " + e.getMessage());
        }
    }

    /** The key of the entry's parent (null for the base), which must exist. */
    private String requireParent(DN dn) throws LDAPException {
        String key = dn.toNormalizedString();
        if (key.equals(baseKey)) {
            return null;
        }
        if (!dn.isDescendantOf(base, false)) {
            throw refusal(ResultCode.NO_SUCH_OBJECT, dn + " is not below the directory's base " + base);
        }
        String parentKey = dn.getParent().toNormalizedString();
        if (!entries.containsKey(parentKey)) {
            throw refusal(ResultCode.NO_SUCH_OBJECT, "The parent of " + dn + " does not exist");
        }
        return parentKey;
    }

    private void validate(Entry entry) throws LDAPException {
        List<String> reasons = new ArrayList<>();
        if (!validator.entryIsValid(entry, reasons)) {
            throw refusal(ResultCode.OBJECT_CLASS_VIOLATION,
                    "Entry " + entry.getDN() + " violates the schema: " + String.join("  ", reasons));
        }
    }

    /** Refuses unknown critical controls; returns whether permissive modify was asked for. */
    private static boolean checkControls(List<Control> controls, boolean modify) throws LDAPException {
        boolean permissive = false;
        for (Control control : controls) {
            String oid = control.getOID();
            if (oid.equals(AssertionRequestControl.ASSERTION_REQUEST_OID) || oid.equals(MANAGE_DSA_IT)) {
                continue;
            }
            if (modify && oid.equals(PERMISSIVE_MODIFY)) {
                permissive = true;
                continue;
            }
            if (control.isCritical()) {
                throw refusal(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
                        "Control " + oid + " is not supported");
            }
        }
        return permissive;
    }

    private void assertion(List<Control> controls, Entry entry) throws LDAPException {
        for (Control control : controls) {
            if (control.getOID().equals(AssertionRequestControl.ASSERTION_REQUEST_OID)) {
                Filter filter = new AssertionRequestControl(control).getFilter();
                if (!filter.matchesEntry(entry, schema)) {
                    throw refusal(ResultCode.ASSERTION_FAILED,
                            "The assertion " + filter + " does not match " + entry.getDN());
                }
            }
        }
    }

    private void insert(String key, String parentKey, Entry entry, byte[] encoded) {
        entries.put(key, encoded);
        if (parentKey != null) {
            children.computeIfAbsent(parentKey, k -> new HashSet<>()).add(key);
        }
        index(key, entry);
    }

    private void remove(String key, DN dn, Entry old) {
        entries.remove(key);
        children.remove(key);
        if (!key.equals(baseKey)) {
            String parentKey = dn.getParent().toNormalizedString();
            Set<String> siblings = children.get(parentKey);
            if (siblings != null) {
                siblings.remove(key);
            }
        }
        unindex(key, old);
    }

    private void index(String key, Entry entry) {
        for (Attribute attribute : entry.getAttributes()) {
            Map<String, Object> index = indexes.get(canonical(attribute.getBaseName()));
            if (index == null) {
                continue;
            }
            for (byte[] value : attribute.getValueByteArrays()) {
                String normalized = normalize(attribute.getBaseName(), value);
                Object present = index.get(normalized);
                if (present == null) {
                    index.put(normalized, key);
                } else if (present instanceof String single) {
                    if (!single.equals(key)) {
                        Set<String> several = new HashSet<>(4);
                        several.add(single);
                        several.add(key);
                        index.put(normalized, several);
                    }
                } else {
                    @SuppressWarnings("unchecked")
                    Set<String> several = (Set<String>) present;
                    several.add(key);
                }
            }
        }
    }

    private void unindex(String key, Entry entry) {
        for (Attribute attribute : entry.getAttributes()) {
            Map<String, Object> index = indexes.get(canonical(attribute.getBaseName()));
            if (index == null) {
                continue;
            }
            for (byte[] value : attribute.getValueByteArrays()) {
                String normalized = normalize(attribute.getBaseName(), value);
                Object present = index.get(normalized);
                if (present instanceof String single) {
                    if (single.equals(key)) {
                        index.remove(normalized);
                    }
                } else if (present != null) {
                    @SuppressWarnings("unchecked")
                    Set<String> several = (Set<String>) present;
                    several.remove(key);
                    if (several.size() == 1) {
                        index.put(normalized, several.iterator().next());
                    } else if (several.isEmpty()) {
                        index.remove(normalized);
                    }
                }
            }
        }
    }

    /** DN keys of the entries an indexed equality in the filter (alone or in an AND) selects; null: no index. */
    private Set<String> candidatesFromIndex(Filter filter) {
        if (filter.getFilterType() == Filter.FILTER_TYPE_EQUALITY) {
            Map<String, Object> index = indexes.get(canonical(filter.getAttributeName()));
            if (index == null) {
                return null;
            }
            Object found = index.get(normalize(filter.getAttributeName(), filter.getAssertionValueBytes()));
            if (found == null) {
                return Set.of();
            }
            if (found instanceof String single) {
                return Set.of(single);
            }
            @SuppressWarnings("unchecked")
            Set<String> several = (Set<String>) found;
            return new HashSet<>(several);
        }
        if (filter.getFilterType() == Filter.FILTER_TYPE_AND) {
            for (Filter component : filter.getComponents()) {
                Set<String> found = candidatesFromIndex(component);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private boolean inScope(String candidate, String baseKeyOfSearch, SearchScope scope) {
        if (!entries.containsKey(candidate)) {
            return false;
        }
        if (scope == SearchScope.ONE) {
            Set<String> below = children.get(baseKeyOfSearch);
            return below != null && below.contains(candidate);
        }
        boolean below = baseKeyOfSearch.isEmpty() || candidate.endsWith("," + baseKeyOfSearch);
        return below || (scope == SearchScope.SUB && candidate.equals(baseKeyOfSearch));
    }

    /** The encoded entries in scope below (and for SUB including) the given one, parents first. */
    private void collect(String key, SearchScope scope, List<byte[]> into) {
        if (scope == SearchScope.SUB) {
            into.add(entries.get(key));
        }
        Set<String> first = children.get(key);
        if (first == null) {
            return;
        }
        if (scope == SearchScope.ONE) {
            for (String child : first) {
                into.add(entries.get(child));
            }
            return;
        }
        ArrayDeque<String> pending = new ArrayDeque<>(first);
        while (!pending.isEmpty()) {
            String next = pending.poll();
            into.add(entries.get(next));
            Set<String> below = children.get(next);
            if (below != null) {
                pending.addAll(below);
            }
        }
    }

    private String canonical(String attributeName) {
        String known = canonicalNames.get(attributeName);
        if (known != null) {
            return known;
        }
        AttributeTypeDefinition type = schema.getAttributeType(attributeName);
        String canonical = (type == null ? attributeName : type.getNameOrOID()).toLowerCase(Locale.ROOT);
        if (canonicalNames.size() < MAX_CACHED_NAMES) {
            canonicalNames.put(attributeName, canonical);
        }
        return canonical;
    }

    private String normalize(String attributeName, byte[] value) {
        try {
            return codec.rule(attributeName).normalize(new ASN1OctetString(value)).stringValue();
        } catch (LDAPException e) {
            return new String(value, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
    }

    /** The entry with only the requested attributes: all for none or "*", none for "1.1" alone. */
    private Entry select(Entry entry, List<String> requested, boolean typesOnly) {
        if (!typesOnly && (requested.isEmpty() || requested.contains("*"))) {
            return entry;
        }
        Set<String> wanted = new HashSet<>();
        boolean all = requested.isEmpty();
        for (String name : requested) {
            if (name.equals("*")) {
                all = true;
            } else {
                wanted.add(canonical(name));
            }
        }
        Collection<Attribute> kept = new ArrayList<>();
        for (Attribute attribute : entry.getAttributes()) {
            if (all || wanted.contains(canonical(attribute.getBaseName()))) {
                kept.add(typesOnly ? new Attribute(attribute.getName()) : attribute);
            }
        }
        return new Entry(entry.getDN(), schema, kept);
    }

    /** The encoded entry at this normalized DN; NO_SUCH_OBJECT naming the DN as asked when there is none. */
    private byte[] stored(String key, String dn) throws LDAPException {
        byte[] stored = entries.get(key);
        if (stored == null) {
            throw noSuchObject(dn);
        }
        return stored;
    }

    private void requireLeaf(String key, String dn, String why) throws LDAPException {
        Set<String> below = children.get(key);
        if (below != null && !below.isEmpty()) {
            throw refusal(ResultCode.NOT_ALLOWED_ON_NONLEAF, "Entry " + dn + " has entries below it" + why);
        }
    }

    private static LDAPException noSuchObject(String dn) {
        return refusal(ResultCode.NO_SUCH_OBJECT, "Entry " + dn + " does not exist");
    }

    /** A refusal whose message is the diagnostic message, as a server's would be. */
    static LDAPException refusal(ResultCode code, String message) {
        return new LDAPException(new LDAPResult(-1, code, message, null, (String[]) null, (Control[]) null));
    }

    private static LDAPResult success() {
        return new LDAPResult(-1, ResultCode.SUCCESS);
    }
}
