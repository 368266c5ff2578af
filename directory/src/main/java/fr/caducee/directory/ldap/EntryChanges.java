package fr.caducee.directory.ldap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

/**
 * The modifications that turn a stored entry into the desired one, limited to the attributes a record manages.
 *
 * <p>Values are compared exactly, so a change of case or accents is a change even where the server's matching rule
 * would call the values equal. Each changed attribute is replaced as a whole: a replace never fails on a value
 * that is already there or already gone, so a concurrent writer cannot make the modify fail half-way, and the
 * modify is one atomic LDAP operation either way.
 */
final class EntryChanges {

    private EntryChanges() {
    }

    static List<Modification> between(Entry stored, Entry desired, Collection<String> attributes) {
        List<Modification> changes = new ArrayList<>();
        for (String attribute : attributes) {
            Set<String> before = values(stored, attribute);
            Set<String> after = values(desired, attribute);
            if (!before.equals(after)) {
                changes.add(new Modification(ModificationType.REPLACE, attribute, after.toArray(String[]::new)));
            }
        }
        return changes;
    }

    private static Set<String> values(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        // Sorted, so that the modification is the same whatever order the server returned the values in.
        return values == null ? Set.of() : new TreeSet<>(Arrays.asList(values));
    }
}
