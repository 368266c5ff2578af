package fr.caducee.gateway.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;

/**
 * The segments of a message HAPI parsed, in message order, whatever group HAPI's structure of that version puts them
 * in: the readers of this module look for segments by name (ZBE, PRT, ROL, the OBX of a flag) rather than by group
 * path, because the CI-SIS profiles add segments HAPI's structures of 2.5 and 2.6 do not have (ZBE, ZFA, PRT), which
 * HAPI keeps as generic segments where they appear.
 *
 * @param name the segment's id, e.g. {@code PRT}
 * @param sequence its rank among the segments of that id, from 1 (ERR-2's sequence)
 * @param segment HAPI's segment
 */
public record Segments(String name, int sequence, Segment segment) {

    public Segments {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(segment, "segment");
    }

    /** Every segment the message holds, in order; empty segments HAPI made for its structure are left out. */
    public static List<Segments> of(Message message) {
        List<Segment> found = new ArrayList<>();
        collect(message, found);
        List<Segments> numbered = new ArrayList<>(found.size());
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (Segment segment : found) {
            String name = segment.getName();
            numbered.add(new Segments(name, counts.merge(name, 1, Integer::sum), segment));
        }
        return numbered;
    }

    /** The segments of one id, in order. */
    public static List<Segments> named(List<Segments> segments, String name) {
        return segments.stream().filter(s -> s.name.equals(name)).toList();
    }

    /**
     * A value as HAPI decoded it (escapes undone), trimmed; empty when absent.
     *
     * @param field from 1
     * @param repetition from 0
     * @param component from 1
     * @param subcomponent from 1
     */
    public String value(int field, int repetition, int component, int subcomponent) {
        try {
            if (field > segment.numFields() || repetition >= segment.getField(field).length) {
                return "";
            }
            String value = Terser.get(segment, field, repetition, component, subcomponent);
            return value == null ? "" : value.strip();
        } catch (HL7Exception | RuntimeException e) {
            return "";
        }
    }

    /** Component {@code component} of the first repetition of a field. */
    public String value(int field, int component) {
        return value(field, 0, component, 1);
    }

    /** The first component of the first repetition of a field. */
    public String value(int field) {
        return value(field, 0, 1, 1);
    }

    /** How many repetitions a field has. */
    public int repetitions(int field) {
        try {
            return field > segment.numFields() ? 0 : segment.getField(field).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    /** Every subcomponent of a component, e.g. an assigning authority's namespace, OID and type. */
    public List<String> subcomponents(int field, int repetition, int component) {
        List<String> values = new ArrayList<>();
        for (int sub = 1; sub <= 8; sub++) {
            values.add(value(field, repetition, component, sub));
        }
        return values;
    }

    /** ERR-2's location of a field of this segment, e.g. {@code PID^1^3}. */
    public String location(int field) {
        return name + "^" + sequence + "^" + field;
    }

    private static void collect(Group group, List<Segment> found) {
        for (String name : group.getNames()) {
            Structure[] all;
            try {
                all = group.getAll(name);
            } catch (HL7Exception e) {
                continue;
            }
            for (Structure structure : all) {
                if (structure instanceof Group child) {
                    collect(child, found);
                } else if (structure instanceof Segment segment && !isEmpty(segment)) {
                    found.add(segment);
                }
            }
        }
    }

    private static boolean isEmpty(Segment segment) {
        try {
            return segment.isEmpty();
        } catch (HL7Exception e) {
            return true;
        }
    }
}
