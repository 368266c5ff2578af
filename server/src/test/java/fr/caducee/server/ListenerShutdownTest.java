package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.Future;

class ListenerShutdownTest {

    @Test
    void idleLoopsStopWellBeforeNettysDefaultQuietPeriodOfTwoSeconds() throws Exception {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2);
        ListenerShutdown shutdown = new ListenerShutdown();
        shutdown.remember(new ServerBootstrap().group(boss, workers));

        long started = System.nanoTime();
        shutdown.begin();
        // What James then does: the default graceful shutdown, waited for; the first call's periods hold.
        Future<?> bossEnd = boss.shutdownGracefully();
        Future<?> workersEnd = workers.shutdownGracefully();
        bossEnd.await(5, TimeUnit.SECONDS);
        workersEnd.await(5, TimeUnit.SECONDS);

        assertThat(boss.isTerminated()).isTrue();
        assertThat(workers.isTerminated()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
    }

    @Test
    void oneGroupForBothRolesIsStoppedOnce() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        ListenerShutdown shutdown = new ListenerShutdown();
        shutdown.remember(new ServerBootstrap().group(group));

        shutdown.begin();

        assertThat(group.terminationFuture().await(1, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aListenerNeverBoundHasNothingToStop() {
        new ListenerShutdown().begin();
    }
}
