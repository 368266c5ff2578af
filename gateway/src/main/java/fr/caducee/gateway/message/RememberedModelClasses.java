package fr.caducee.gateway.message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.parser.ModelClassFactory;

/**
 * HAPI's model classes as another factory finds them, the segments' remembered. HAPI asks for a segment's class by
 * name each time it meets a segment its structure does not place (ZBE and ZFA in every IHE PAM message, PRT in a
 * CI-SIS ORU), and a name with no class (a Z segment has none) is a miss that makes the class loader search every jar
 * of the class path, every time: measured on the server, 7% of its CPU per admission. Answers are kept, misses
 * included, up to {@value #LIMIT} names (a segment name is three letters or digits: a sender cannot make it grow
 * further; beyond the limit a name is looked up as before).
 */
final class RememberedModelClasses implements ModelClassFactory {
    static final int LIMIT = 1_000;
    private static final long serialVersionUID = 1L;
    /** Stands for "no class": a concurrent map holds no null. */
    private static final Class<?> NONE = Void.class;

    private final ModelClassFactory delegate;
    private final Map<String, Class<?>> segments = new ConcurrentHashMap<>();

    RememberedModelClasses(ModelClassFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<? extends Segment> getSegmentClass(String name, String version) throws HL7Exception {
        String key = version + "/" + name;
        Class<?> known = segments.get(key);
        if (known == null) {
            Class<? extends Segment> found = delegate.getSegmentClass(name, version);
            known = found == null ? NONE : found;
            if (segments.size() < LIMIT) {
                segments.put(key, known);
            }
        }
        return known == NONE ? null : (Class<? extends Segment>) known;
    }

    @Override
    public Class<? extends Message> getMessageClass(String name, String version, boolean isExplicit)
            throws HL7Exception {
        return delegate.getMessageClass(name, version, isExplicit);
    }

    @Override
    public Class<? extends Message> getMessageClassInASpecificPackage(String name, String version, boolean isExplicit,
                                                                      String packageName) throws HL7Exception {
        return delegate.getMessageClassInASpecificPackage(name, version, isExplicit, packageName);
    }

    @Override
    public Class<? extends Group> getGroupClass(String name, String version) throws HL7Exception {
        return delegate.getGroupClass(name, version);
    }

    @Override
    public Class<? extends Type> getTypeClass(String name, String version) throws HL7Exception {
        return delegate.getTypeClass(name, version);
    }

    @Override
    public String getMessageStructureForEvent(String name, Version version) throws HL7Exception {
        return delegate.getMessageStructureForEvent(name, version);
    }
}
