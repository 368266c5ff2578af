package fr.caducee.ldapengine;

import java.util.Locale;

import com.unboundid.ldap.sdk.Entry;

/** Entries shaped like the store's, numbered so tests and measurements can make many distinct ones. */
public final class TestEntries {

    private TestEntries() {
    }

    public static String boxDn(String baseDn, int n) {
        return "mail=" + boxAddress(n) + "," + TreeDefinition.container(baseDn, TestTree.BOXES);
    }

    public static String boxAddress(int n) {
        return String.format(Locale.ROOT, "box.%07d@caducee.localhost", n);
    }

    public static String idNat(int n) {
        return String.format(Locale.ROOT, "8%010d", n);
    }

    /** A PER box held by professional {@code n}. */
    public static Entry box(String baseDn, int n) {
        Entry entry = new Entry(boxDn(baseDn, n));
        entry.addAttribute("objectClass", "top", "cadBox");
        entry.addAttribute("mail", boxAddress(n));
        entry.addAttribute("cadBoxType", "PER");
        entry.addAttribute("cadStatus", "active");
        entry.addAttribute("cadCreated", "20240101120000Z");
        entry.addAttribute("cadIdNat", idNat(n));
        entry.addAttribute("cadListeRouge", "FALSE");
        return entry;
    }

    public static Entry professional(String baseDn, int n) {
        Entry entry = new Entry("cadIdNat=" + idNat(n) + "," + TreeDefinition.container(baseDn, TestTree.PROFESSIONALS));
        entry.addAttribute("objectClass", "top", "cadProfessional");
        entry.addAttribute("cadIdNat", idNat(n));
        entry.addAttribute("sn", "Martin" + n);
        entry.addAttribute("givenName", "Claire");
        entry.addAttribute("cadTitle", "DR");
        entry.addAttribute("cadProfessionCode", "10");
        entry.addAttribute("cadProfessionLabel", "Médecin");
        return entry;
    }
}
