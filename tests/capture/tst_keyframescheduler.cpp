#include "capture/KeyframeScheduler.h"

#include <QList>
#include <QTest>

#include <cstdint>

using livesnap::KeyframeScheduler;

namespace {

using Times = QList<qint64>;

// Keyframes at start, start + gop, ... while below end.
Times keyframes(qint64 startMs, qint64 gopMs, qint64 endMs)
{
    Times out;
    for (qint64 t = startMs; t < endMs; t += gopMs)
        out.append(t);
    return out;
}

// Feeds the keyframes in order and returns those taken.
Times takenFrom(KeyframeScheduler &scheduler, const Times &keys)
{
    Times taken;
    for (const qint64 t : keys) {
        if (scheduler.onKeyframe(t).take)
            taken.append(t);
    }
    return taken;
}

} // namespace

class TestKeyframeScheduler : public QObject {
    Q_OBJECT

private slots:
    void firstKeyframeAnchors();
    void gopOneSecondTakesEveryFifth();
    void gopTwoSecondsFollowsGrid();
    void gopLongerThanIntervalTakesEachOnce();
    void slotToleranceIsOneMillisecond();
    void missingKeyframesSkipSlots();
    void longGapWithPacketsSkipsSlotsWithoutReanchor();
    void backwardJumpReanchors();
    void smallBackwardStepIsIgnored();
    void forwardJumpReanchors();
    void forwardStepOfTwoIntervalsKeepsGrid();
    void smallJitterKeepsGrid();
    void clockWrapReanchors();
    void reorderedNonKeyPacketsDoNotDisturb();
    void jumpInNonKeyPacketsReanchorsNextKeyframe();
    void longGopWithoutPacketsReanchorsEachKeyframe();
    void duplicateKeyframeTakenOnce();
    void resetForgetsGrid();
    void nonPositiveIntervalIsOneSecond();
    void extraRequestTakesTheNextKeyframeOffTheGrid();
    void extraRequestOnADueKeyframeTakesItOnce();
    void extraRequestSurvivesReset();
};

void TestKeyframeScheduler::firstKeyframeAnchors()
{
    KeyframeScheduler s(5);
    QVERIFY(!s.anchorMs().has_value());
    QVERIFY(!s.nextDueMs().has_value());
    const auto d = s.onKeyframe(123456);
    QVERIFY(d.take);
    QVERIFY(d.reanchored);
    QCOMPARE(d.slot, 0);
    QCOMPARE(s.anchorMs().value_or(-1), 123456);
    QCOMPARE(s.nextDueMs().value_or(-1), 128456);
}

void TestKeyframeScheduler::gopOneSecondTakesEveryFifth()
{
    KeyframeScheduler s(5);
    const Times taken = takenFrom(s, keyframes(0, 1000, 60000));
    QCOMPARE(taken, keyframes(0, 5000, 60000));
    QCOMPARE(taken.size(), 12);
}

void TestKeyframeScheduler::gopTwoSecondsFollowsGrid()
{
    KeyframeScheduler s(5);
    // Slots 5 and 15 fall between keyframes, so the keyframe after them (6, 16) is taken.
    const Times expected{0,     6000,  10000, 16000, 20000, 26000,
                         30000, 36000, 40000, 46000, 50000, 56000};
    QCOMPARE(takenFrom(s, keyframes(0, 2000, 60000)), expected);
}

void TestKeyframeScheduler::gopLongerThanIntervalTakesEachOnce()
{
    KeyframeScheduler s(5);
    Times taken;
    QList<qint64> filled;
    for (const qint64 t : keyframes(0, 7000, 50000)) {
        // Each keyframe arrives twice; only the first may be taken.
        const auto first = s.onKeyframe(t);
        const auto again = s.onKeyframe(t);
        QVERIFY(!again.take);
        QVERIFY(!first.reanchored || t == 0);
        if (first.take) {
            taken.append(t);
            filled.append(first.slot);
        }
    }
    QCOMPARE(taken, keyframes(0, 7000, 50000));
    // 0, 7, 14, 21, ... 49 s fill slots 0, 1, 2, 4, 5, 7, 8, 9: slots 3 and 6 have no keyframe.
    QCOMPARE(filled, (QList<qint64>{0, 1, 2, 4, 5, 7, 8, 9}));
}

void TestKeyframeScheduler::slotToleranceIsOneMillisecond()
{
    KeyframeScheduler early(5);
    QVERIFY(early.onKeyframe(0).take);
    QVERIFY(!early.onKeyframe(4998).take);
    const auto d = early.onKeyframe(5998);
    QVERIFY(d.take);
    QCOMPARE(d.slot, 1);

    KeyframeScheduler rounded(5);
    QVERIFY(rounded.onKeyframe(0).take);
    const auto r = rounded.onKeyframe(4999);
    QVERIFY(r.take);
    QCOMPARE(r.slot, 1);
    QCOMPARE(rounded.nextDueMs().value_or(-1), 10000);
    // The grid does not drift with the early keyframe.
    QVERIFY(!rounded.onKeyframe(9997).take);
    QVERIFY(rounded.onKeyframe(9999).take);
}

void TestKeyframeScheduler::missingKeyframesSkipSlots()
{
    KeyframeScheduler s(5);
    // Keyframes 5..12 s are lost; the gap from 4 to 13 s is still under two intervals.
    Times keys = keyframes(0, 1000, 5000) + keyframes(13000, 1000, 31000);
    Times taken;
    for (const qint64 t : keys) {
        const auto d = s.onKeyframe(t);
        if (!d.take)
            continue;
        taken.append(t);
        if (t == 13000) {
            QCOMPARE(d.slot, 2);
            QCOMPARE(d.skippedSlots, 1);
            QVERIFY(!d.reanchored);
        }
    }
    // Slot 5 s is not made up for at 14 s: the grid goes on at 15, 20, ...
    QCOMPARE(taken, (Times{0, 13000, 15000, 20000, 25000, 30000}));
}

void TestKeyframeScheduler::longGapWithPacketsSkipsSlotsWithoutReanchor()
{
    KeyframeScheduler s(5);
    Times taken;
    for (const qint64 t : keyframes(0, 1000, 5000))
        QCOMPARE(s.onKeyframe(t).take, t == 0);
    // No keyframe for 20 s, but the stream goes on (25 fps).
    for (qint64 t = 4040; t < 24000; t += 40)
        s.onPacket(t);
    const auto d = s.onKeyframe(24000);
    QVERIFY(d.take);
    QVERIFY(!d.reanchored);
    QCOMPARE(d.slot, 4);
    QCOMPARE(d.skippedSlots, 3);
    for (const qint64 t : keyframes(25000, 1000, 31000)) {
        if (s.onKeyframe(t).take)
            taken.append(t);
    }
    QCOMPARE(taken, (Times{25000, 30000}));
}

void TestKeyframeScheduler::backwardJumpReanchors()
{
    KeyframeScheduler s(5);
    QCOMPARE(takenFrom(s, keyframes(0, 1000, 31000)), keyframes(0, 5000, 31000));
    // The publisher restarted; its clock is back at 12 s.
    const auto d = s.onKeyframe(12000);
    QVERIFY(d.take);
    QVERIFY(d.reanchored);
    QCOMPARE(d.slot, 0);
    QCOMPARE(s.anchorMs().value_or(-1), 12000);
    // The new grid is 17, 22 s, not the old 15, 20 s.
    QCOMPARE(takenFrom(s, keyframes(13000, 1000, 23000)), (Times{17000, 22000}));
}

void TestKeyframeScheduler::smallBackwardStepIsIgnored()
{
    KeyframeScheduler s(5);
    QCOMPARE(takenFrom(s, keyframes(0, 1000, 11000)), (Times{0, 5000, 10000}));
    // Within the reorder slack: neither a jump nor a second snapshot of the 10 s slot.
    const auto d = s.onKeyframe(10000 - KeyframeScheduler::kReorderSlackMs);
    QVERIFY(!d.take);
    QVERIFY(!d.reanchored);
    QCOMPARE(s.anchorMs().value_or(-1), 0);
    // One millisecond further back is a jump.
    QVERIFY(s.onKeyframe(10000 - KeyframeScheduler::kReorderSlackMs - 1).reanchored);
}

void TestKeyframeScheduler::forwardJumpReanchors()
{
    KeyframeScheduler s(5);
    QCOMPARE(takenFrom(s, keyframes(0, 1000, 8000)), (Times{0, 5000}));
    // 7 s -> 17001 ms is more than two intervals.
    const auto d = s.onKeyframe(17001);
    QVERIFY(d.take);
    QVERIFY(d.reanchored);
    QCOMPARE(s.anchorMs().value_or(-1), 17001);
    QCOMPARE(takenFrom(s, keyframes(18001, 1000, 28002)), (Times{22001, 27001}));
}

void TestKeyframeScheduler::forwardStepOfTwoIntervalsKeepsGrid()
{
    KeyframeScheduler s(5);
    QCOMPARE(takenFrom(s, keyframes(0, 1000, 8000)), (Times{0, 5000}));
    // Exactly two intervals after the newest timestamp is still continuous.
    const auto d = s.onKeyframe(17000);
    QVERIFY(d.take);
    QVERIFY(!d.reanchored);
    QCOMPARE(d.slot, 3);
    QCOMPARE(d.skippedSlots, 1);
    QCOMPARE(s.anchorMs().value_or(-1), 0);
}

void TestKeyframeScheduler::smallJitterKeepsGrid()
{
    KeyframeScheduler s(5);
    // A 1 s GOP whose timestamps wobble by a few milliseconds either way.
    const int jitter[] = {0, 3, -1, 2, 0, 4, -1, 1, 0, -1, 3, 2};
    Times taken;
    for (qint64 i = 0; i < 31; ++i) {
        const qint64 t = i * 1000 + jitter[i % 12];
        const auto d = s.onKeyframe(t);
        QVERIFY(!d.reanchored || i == 0);
        if (d.take)
            taken.append(t);
    }
    QCOMPARE(s.anchorMs().value_or(-1), 0);
    QCOMPARE(taken, (Times{0, 5004, 10003, 15002, 20000, 25003, 29999}));
}

void TestKeyframeScheduler::clockWrapReanchors()
{
    constexpr qint64 wrap = qint64{1} << 32;
    KeyframeScheduler s(5);
    Times taken;
    Times reanchoredAt;
    // A 1 s GOP on a 32-bit millisecond clock, starting 7.5 s before it wraps.
    for (qint64 i = 0; i < 20; ++i) {
        const qint64 t = (wrap - 7500 + i * 1000) % wrap;
        const auto d = s.onKeyframe(t);
        if (d.take)
            taken.append(t);
        if (d.reanchored)
            reanchoredAt.append(t);
    }
    QCOMPARE(reanchoredAt, (Times{wrap - 7500, 500}));
    QCOMPARE(taken, (Times{wrap - 7500, wrap - 2500, 500, 5500, 10500}));
}

void TestKeyframeScheduler::reorderedNonKeyPacketsDoNotDisturb()
{
    // 25 fps, GOP 2 s, decode order I P B B P B B ...: each B-frame's presentation timestamp
    // is behind the P-frame sent before it.
    const int offsets[] = {120, 40, 80};
    KeyframeScheduler withPackets(5);
    Times taken;
    for (qint64 gop = 0; gop < 30; ++gop) {
        const qint64 key = gop * 2000;
        const auto d = withPackets.onKeyframe(key);
        QVERIFY(!d.reanchored || gop == 0);
        if (d.take)
            taken.append(key);
        for (qint64 group = 0; group < 48; group += 3) {
            for (const int offset : offsets)
                withPackets.onPacket(key + group * 40 + offset);
        }
    }
    KeyframeScheduler keysOnly(5);
    QCOMPARE(taken, takenFrom(keysOnly, keyframes(0, 2000, 60000)));
    QCOMPARE(taken.size(), 12);
}

void TestKeyframeScheduler::jumpInNonKeyPacketsReanchorsNextKeyframe()
{
    KeyframeScheduler s(5);
    QVERIFY(s.onKeyframe(60000).take);
    for (qint64 t = 60040; t < 62000; t += 40)
        s.onPacket(t);
    // Reconnected mid-GOP: the clock restarts at 0 before the next keyframe arrives.
    s.onPacket(0);
    QVERIFY(!s.nextDueMs().has_value());
    for (qint64 t = 40; t < 1000; t += 40)
        s.onPacket(t);
    const auto d = s.onKeyframe(1000);
    QVERIFY(d.take);
    QVERIFY(d.reanchored);
    QCOMPARE(s.nextDueMs().value_or(-1), 6000);
    // Without the pending re-anchor this keyframe would sit before the old grid's due slot.
    QVERIFY(!s.onKeyframe(2000).take);
}

void TestKeyframeScheduler::longGopWithoutPacketsReanchorsEachKeyframe()
{
    // A 12 s GOP with a 5 s interval: every keyframe is taken either way, but only the
    // non-key packets tell the scheduler that the stream was continuous.
    KeyframeScheduler keysOnly(5);
    KeyframeScheduler withPackets(5);
    int keysOnlyReanchors = 0;
    int withPacketsReanchors = 0;
    for (qint64 key = 0; key < 60000; key += 12000) {
        const auto a = keysOnly.onKeyframe(key);
        const auto b = withPackets.onKeyframe(key);
        QVERIFY(a.take);
        QVERIFY(b.take);
        keysOnlyReanchors += a.reanchored ? 1 : 0;
        withPacketsReanchors += b.reanchored ? 1 : 0;
        for (qint64 t = key + 40; t < key + 12000; t += 40)
            withPackets.onPacket(t);
    }
    QCOMPARE(keysOnlyReanchors, 5);
    QCOMPARE(withPacketsReanchors, 1);
    QCOMPARE(withPackets.anchorMs().value_or(-1), 0);
}

void TestKeyframeScheduler::duplicateKeyframeTakenOnce()
{
    KeyframeScheduler s(5);
    QVERIFY(s.onKeyframe(0).take);
    QVERIFY(!s.onKeyframe(0).take);
    QVERIFY(!s.onKeyframe(0).reanchored);
    QVERIFY(s.onKeyframe(5000).take);
    const auto again = s.onKeyframe(5000);
    QVERIFY(!again.take);
    QCOMPARE(again.slot, -1);
    QCOMPARE(s.nextDueMs().value_or(-1), 10000);
}

void TestKeyframeScheduler::resetForgetsGrid()
{
    KeyframeScheduler s(5);
    QVERIFY(s.onKeyframe(0).take);
    QVERIFY(!s.onKeyframe(1000).take);
    s.reset();
    QVERIFY(!s.anchorMs().has_value());
    const auto d = s.onKeyframe(2000);
    QVERIFY(d.take);
    QVERIFY(d.reanchored);
    QCOMPARE(s.nextDueMs().value_or(-1), 7000);
}

void TestKeyframeScheduler::nonPositiveIntervalIsOneSecond()
{
    QCOMPARE(KeyframeScheduler(0).intervalMs(), 1000);
    QCOMPARE(KeyframeScheduler(-5).intervalMs(), 1000);
    QCOMPARE(KeyframeScheduler(7).intervalMs(), 7000);
}

void TestKeyframeScheduler::extraRequestTakesTheNextKeyframeOffTheGrid()
{
    KeyframeScheduler s(10);
    QVERIFY(s.onKeyframe(0).take);
    QVERIFY(!s.onKeyframe(2000).take);
    s.requestExtra();
    QVERIFY(s.extraRequested());
    const auto extra = s.onKeyframe(4000);
    QVERIFY(extra.take);
    QVERIFY(extra.extra);
    QCOMPARE(extra.slot, int64_t(-1));
    QVERIFY(!s.extraRequested());
    // Once only, and the grid is where it was: 10 s after the anchor, not after the extra one.
    QVERIFY(!s.onKeyframe(6000).take);
    QCOMPARE(s.nextDueMs(), std::optional<int64_t>(10000));
    const auto due = s.onKeyframe(10000);
    QVERIFY(due.take && !due.extra);
    QCOMPARE(due.slot, int64_t(1));
}

void TestKeyframeScheduler::extraRequestOnADueKeyframeTakesItOnce()
{
    KeyframeScheduler s(5);
    s.requestExtra();
    const auto first = s.onKeyframe(100); // the anchor satisfies the request
    QVERIFY(first.take && first.reanchored && !first.extra);
    QVERIFY(!s.extraRequested());
    QVERIFY(!s.onKeyframe(2100).take);
    s.requestExtra();
    const auto due = s.onKeyframe(5100); // due anyway: one snapshot, not two
    QVERIFY(due.take && !due.extra);
    QVERIFY(!s.extraRequested());
    QVERIFY(!s.onKeyframe(7100).take);
}

void TestKeyframeScheduler::extraRequestSurvivesReset()
{
    KeyframeScheduler s(5);
    QVERIFY(s.onKeyframe(0).take);
    s.requestExtra();
    s.reset(); // a reconnect before the next keyframe
    QVERIFY(s.extraRequested());
    QVERIFY(s.onKeyframe(90000).take);
    QVERIFY(!s.extraRequested());
}

QTEST_APPLESS_MAIN(TestKeyframeScheduler)
#include "tst_keyframescheduler.moc"
