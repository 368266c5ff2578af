package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    @Test
    void messagesAreDueAtTheRateFromTheStartWhateverBecameOfTheOthers() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, 20, 600);

        assertThat(schedule.dueNanos(0)).isEqualTo(1_000);
        assertThat(schedule.dueNanos(1)).isEqualTo(1_000 + 50_000_000);
        assertThat(schedule.dueNanos(599)).isEqualTo(1_000 + 599 * 50_000_000L);
        assertThat(schedule.spanSeconds()).isEqualTo(29.95);
    }

    @Test
    void aRateThatIsNotAWholeNumberOfNanosecondsIsRoundedPerMessageNotAccumulated() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(0, 3, 10);

        assertThat(schedule.dueNanos(1)).isEqualTo(333_333_333);
        assertThat(schedule.dueNanos(3)).isEqualTo(1_000_000_000);
    }

    @Test
    void eachMessageIsTakenOnceAndThenTheTimetableRunsOut() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(0, 20, 3);

        assertThat(schedule.next()).isEqualTo(0);
        assertThat(schedule.next()).isEqualTo(1);
        assertThat(schedule.next()).isEqualTo(2);
        assertThat(schedule.next()).isEqualTo(-1);
        assertThat(schedule.next()).isEqualTo(-1);
    }

    @Test
    void aMessageIsSentNoEarlierThanItsTimeAndNotCountedLateWhenOnTime() throws InterruptedException {
        long start = System.nanoTime() + 30_000_000;
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, 50, 2);

        long sent = schedule.awaitDue(1);

        assertThat(sent).isGreaterThanOrEqualTo(start + 20_000_000);
        assertThat(schedule.late()).isZero();
    }

    @Test
    void aMessageTakenAfterItsTimeIsSentAtOnceAndCountedLate() throws InterruptedException {
        long start = System.nanoTime() - 1_000_000_000;
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, 20, 2);

        long before = System.nanoTime();
        long sent = schedule.awaitDue(0);

        assertThat(sent - before).isLessThan(OpenLoopSchedule.LATE_NANOS);
        assertThat(schedule.late()).isEqualTo(1);
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
