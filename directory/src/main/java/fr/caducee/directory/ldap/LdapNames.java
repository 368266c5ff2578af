package fr.caducee.directory.ldap;

import java.util.List;
import java.util.stream.Stream;

/** Names of the object classes and attributes the store reads and writes (see {@code caducee-schema.ldif}). */
final class LdapNames {

    static final String OBJECT_CLASS = "objectClass";
    static final String TOP = "top";
    static final String NO_ATTRIBUTES = "1.1";

    static final String PROFESSIONAL_CLASS = "cadProfessional";
    static final String STRUCTURE_CLASS = "cadStructure";
    static final String BOX_CLASS = "cadBox";
    static final String PATIENT_CLASS = "cadPatient";

    static final String ID_NAT = "cadIdNat";
    static final String STRUCTURE_ID = "cadStructureId";
    static final String MAIL = "mail";
    static final String INS = "cadIns";

    static final String LAST_NAME = "sn";
    static final String FIRST_NAME = "givenName";
    static final String TITLE = "cadTitle";
    static final String PROFESSION_CODE = "cadProfessionCode";
    static final String PROFESSION_LABEL = "cadProfessionLabel";
    static final String SPECIALTY_CODE = "cadSpecialtyCode";
    static final String SPECIALTY_LABEL = "cadSpecialtyLabel";

    static final String NAME = "o";
    static final String TRADE_NAME = "cadTradeName";
    static final String POSTAL_CODE = "postalCode";
    static final String TOWN = "l";

    static final String BOX_TYPE = "cadBoxType";
    static final String STATUS = "cadStatus";
    static final String CREATED = "cadCreated";
    static final String RESPONSIBLE = "cadResponsible";
    static final String MEMBER = "cadMember";
    static final String LISTE_ROUGE = "cadListeRouge";
    static final String SOFTWARE_REF = "cadSoftwareRef";
    static final String SERVICE = "cadService";
    static final String PASSWORD = "userPassword";

    static final String BIRTH_DATE = "cadBirthDate";
    static final String DISPENSING = "cadDispensing";
    static final String REPRESENTATIVE = "cadRepresentative";

    private LdapNames() {
    }

    /** The managed attributes plus objectClass: what a read asks for (never userPassword unless asked for). */
    static String[] plusObjectClass(List<String> managed) {
        return Stream.concat(managed.stream(), Stream.of(OBJECT_CLASS))
                .toArray(String[]::new);
    }
}
