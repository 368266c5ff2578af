package fr.caducee.directory.ldap;

/**
 * The four kinds of records, each under its own container below the base DN and named by its key:
 * {@code cadIdNat=<idNat>,ou=professionals}, {@code cadStructureId=<national id>,ou=structures},
 * {@code mail=<address>,ou=boxes}, {@code cadIns=<matricule>,ou=patients}.
 */
enum RecordKind {
    PROFESSIONAL("professional", "professionals", LdapNames.PROFESSIONAL_CLASS, LdapNames.ID_NAT),
    STRUCTURE("structure", "structures", LdapNames.STRUCTURE_CLASS, LdapNames.STRUCTURE_ID),
    BOX("box", "boxes", LdapNames.BOX_CLASS, LdapNames.MAIL),
    PATIENT("patient", "patients", LdapNames.PATIENT_CLASS, LdapNames.INS);

    private final String noun;
    private final String container;
    private final String objectClass;
    private final String keyAttribute;

    RecordKind(String noun, String container, String objectClass, String keyAttribute) {
        this.noun = noun;
        this.container = container;
        this.objectClass = objectClass;
        this.keyAttribute = keyAttribute;
    }

    /** How messages name one record of this kind: "box", "patient". */
    String noun() {
        return noun;
    }

    /** The {@code ou} of the container, also the plural used in messages. */
    String container() {
        return container;
    }

    String objectClass() {
        return objectClass;
    }

    /** The attribute naming an entry (its RDN), whose value is the record's key. */
    String keyAttribute() {
        return keyAttribute;
    }
}
