package fr.caducee.directory.ldap;

import java.util.List;

import com.unboundid.ldap.sdk.Entry;

import fr.caducee.ldapengine.TreeDefinition;

/**
 * The fixed part of the tree: the base entry and one container per kind of record, the same in the embedded server
 * and in an external OpenLDAP. Records sit directly under their container: {@code cadIdNat=} professionals,
 * {@code cadStructureId=} structures, {@code mail=} boxes, {@code cadIns=} patients.
 */
public final class DirectorySkeleton {

    public static final String PROFESSIONALS = "professionals";
    public static final String STRUCTURES = "structures";
    public static final String BOXES = "boxes";
    public static final String PATIENTS = "patients";
    public static final List<String> CONTAINERS = List.of(PROFESSIONALS, STRUCTURES, BOXES, PATIENTS);

    private DirectorySkeleton() {
    }

    /** The DN of a container ({@link #BOXES}, ...) under {@code baseDn}. */
    public static String container(String baseDn, String name) {
        return TreeDefinition.container(baseDn, name);
    }

    /** The base entry, then the four containers: parents first, ready to add in order. */
    public static List<Entry> skeleton(String baseDn) {
        return TreeDefinition.skeleton(baseDn, CONTAINERS);
    }
}
