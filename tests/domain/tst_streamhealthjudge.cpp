#include "domain/SnapshotJob.h"
#include "domain/StreamHealthJudge.h"

#include <QTest>

using namespace livesnap;

namespace {

PictureStats flat(float value, double spread = 0)
{
    PictureStats stats;
    stats.valid = true;
    stats.meanLuma = value;
    stats.lumaSpread = spread;
    stats.signature.fill(value);
    return stats;
}

// A busy picture whose grid shows `phase` (different phases differ a lot).
PictureStats moving(int phase)
{
    PictureStats stats = flat(120, 60);
    for (size_t i = 0; i < stats.signature.size(); ++i) {
        stats.signature[i] = float((int(i) * 37 + phase * 53) % 256);
    }
    return stats;
}

StreamHealthSettings settings()
{
    StreamHealthSettings s;
    s.blackLumaMax = 24;
    s.blackSpreadMax = 10;
    s.frozenSnapshots = 3;
    s.frozenTolerance = 1;
    s.downGraceSeconds = 30;
    return s;
}

constexpr qint64 T0 = 1'800'000'000'000; // 2027-01-15T08:00:00Z

} // namespace

class TestStreamHealthJudge : public QObject {
    Q_OBJECT

private slots:
    void unknownUntilTheFirstPicture()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QVERIFY(!judge.onStreamState(streamstate::Connecting, T0));
        QVERIFY(!judge.onStreamState(streamstate::Live, T0 + 1000));
        QCOMPARE(judge.health(), streamhealth::Unknown);
        const auto change = judge.onPicture(moving(1), T0 + 1500);
        QVERIFY(change);
        QCOMPARE(change->health, streamhealth::Ok);
        QCOMPARE(change->previous, streamhealth::Unknown);
        QCOMPARE(change->sinceMs, T0 + 1500);
        QCOMPARE(change->message, QStringLiteral("Picture ok since 08:00:01 UTC."));
        QVERIFY(!judge.onPicture(moving(2), T0 + 6500)); // no news, no change
    }

    void neverConnectedIsDownAfterTheGrace()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QVERIFY(!judge.onStreamState(streamstate::Connecting, T0));
        QCOMPARE(judge.downAtMs(), T0 + 30000);
        QVERIFY(!judge.onTime(T0 + 29999));
        QVERIFY(!judge.onStreamState(streamstate::Reconnecting, T0 + 20000));
        const auto change = judge.onTime(T0 + 30000);
        QVERIFY(change);
        QCOMPARE(change->health, streamhealth::Down);
        QCOMPARE(change->sinceMs, T0); // down since it started
        QCOMPARE(change->message,
                 QStringLiteral("Stream down since 08:00:00 UTC: not live for more than 30 "
                                "second(s)."));
        QVERIFY(!judge.downAtMs());
        QVERIFY(!judge.onTime(T0 + 60000));
    }

    void droppedStreamIsDownFromWhenItDropped()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        judge.onStreamState(streamstate::Live, T0);
        judge.onPicture(moving(1), T0 + 500);
        QVERIFY(!judge.onStreamState(streamstate::Reconnecting, T0 + 10000));
        QCOMPARE(judge.downAtMs(), T0 + 40000);
        // Back within the grace: nothing to report.
        QVERIFY(!judge.onStreamState(streamstate::Live, T0 + 20000));
        QVERIFY(!judge.downAtMs());
        QVERIFY(!judge.onStreamState(streamstate::Reconnecting, T0 + 50000));
        const auto down = judge.onTime(T0 + 80000);
        QVERIFY(down);
        QCOMPARE(down->health, streamhealth::Down);
        QCOMPARE(down->sinceMs, T0 + 50000);
        // Live again: ok at once, before any picture.
        const auto back = judge.onStreamState(streamstate::Live, T0 + 90000);
        QVERIFY(back);
        QCOMPARE(back->health, streamhealth::Ok);
        QCOMPARE(back->previous, streamhealth::Down);
        QCOMPARE(back->sinceMs, T0 + 90000);
        QVERIFY(back->message.startsWith(QStringLiteral("Stream live again since")));
    }

    void failedCountsAsNotLive()
    {
        StreamHealthJudge judge(settings(), streamhealth::Ok, T0);
        judge.onStreamState(streamstate::Live, T0);
        judge.onStreamState(streamstate::Failed, T0 + 1000);
        QCOMPARE(judge.onTime(T0 + 31000)->health, streamhealth::Down);
    }

    void blackPicture()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        judge.onStreamState(streamstate::Live, T0);
        const auto change = judge.onPicture(flat(3, 1), T0 + 1000);
        QVERIFY(change);
        QCOMPARE(change->health, streamhealth::Black);
        QCOMPARE(
            change->message,
            QStringLiteral("Black picture since 08:00:01 UTC (brightness 3, spread 1 of 255)."));
        // Black repeats: it stays black (not frozen), since the first black picture.
        QVERIFY(!judge.onPicture(flat(3, 1), T0 + 6000));
        QVERIFY(!judge.onPicture(flat(3, 1), T0 + 11000));
        QVERIFY(!judge.onPicture(flat(3, 1), T0 + 16000));
        QCOMPARE(judge.health(), streamhealth::Black);
        QCOMPARE(judge.sinceMs(), T0 + 1000);
    }

    void darkButDetailedIsNotBlack()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        // Dark (mean 20) but with detail (spread 30): a night scene, not a black picture.
        QCOMPARE(judge.onPicture(flat(20, 30), T0)->health, streamhealth::Ok);
        StreamHealthJudge grey(settings(), streamhealth::Unknown, T0);
        // Flat but not dark: a grey picture is not black.
        QCOMPARE(grey.onPicture(flat(60, 0), T0)->health, streamhealth::Ok);
    }

    void blackHasHysteresis()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QCOMPARE(judge.onPicture(flat(24, 10), T0)->health, streamhealth::Black); // at the limit
        // Just above the thresholds but within the margin: still black.
        QVERIFY(!judge.onPicture(flat(27, 11), T0 + 5000));
        QCOMPARE(judge.health(), streamhealth::Black);
        // Past the margin: ok again.
        const auto change = judge.onPicture(flat(29, 5), T0 + 10000);
        QVERIFY(change);
        QCOMPARE(change->health, streamhealth::Ok);
        QCOMPARE(change->previous, streamhealth::Black);
        QVERIFY(change->message.startsWith(QStringLiteral("Picture no longer black since")));
        // And from ok, 27 is not black (no margin on the way in).
        QVERIFY(!judge.onPicture(flat(27, 11), T0 + 15000));
    }

    void frozenAfterNSamePictures()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QCOMPARE(judge.onPicture(moving(7), T0)->health, streamhealth::Ok);
        QVERIFY(!judge.onPicture(moving(7), T0 + 5000)); // 2 the same: not yet
        PictureStats nearly = moving(7);
        nearly.signature[5] += 0.8f; // codec noise within the tolerance
        const auto change = judge.onPicture(nearly, T0 + 10000);
        QVERIFY(change);
        QCOMPARE(change->health, streamhealth::Frozen);
        QCOMPARE(change->sinceMs, T0); // since the first of the same pictures
        QCOMPARE(change->message, QStringLiteral("Frozen picture since 08:00:00 UTC: the same "
                                                 "picture in 3 snapshot(s) in a row."));
        QVERIFY(!judge.onPicture(moving(7), T0 + 15000));
        // Within tolerance + margin: still frozen.
        PictureStats slightly = moving(7);
        slightly.signature[9] += 1.8f;
        QVERIFY(!judge.onPicture(slightly, T0 + 20000));
        // A picture that moved: ok.
        const auto moved = judge.onPicture(moving(8), T0 + 25000);
        QVERIFY(moved);
        QCOMPARE(moved->health, streamhealth::Ok);
        QVERIFY(moved->message.startsWith(QStringLiteral("Picture moving again since")));
    }

    void changesBetweenPicturesKeepItOk()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        judge.onPicture(moving(1), T0);
        for (int i = 2; i < 20; ++i) {
            QVERIFY(!judge.onPicture(moving(i), T0 + i * 5000));
        }
        QCOMPARE(judge.health(), streamhealth::Ok);
    }

    void frozenSnapshotsZeroTurnsFrozenOff()
    {
        StreamHealthSettings s = settings();
        s.frozenSnapshots = 0;
        StreamHealthJudge judge(s, streamhealth::Unknown, T0);
        judge.onPicture(moving(1), T0);
        for (int i = 1; i < 10; ++i) {
            QVERIFY(!judge.onPicture(moving(1), T0 + i * 5000));
        }
        QCOMPARE(judge.health(), streamhealth::Ok);
    }

    void downWinsAndPicturesAfterTheOutageJudgeAfresh()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        judge.onStreamState(streamstate::Live, T0);
        QCOMPARE(judge.onPicture(flat(2), T0 + 1000)->health, streamhealth::Black);
        judge.onStreamState(streamstate::Reconnecting, T0 + 2000);
        QCOMPARE(judge.onTime(T0 + 32000)->health, streamhealth::Down);
        QCOMPARE(judge.onStreamState(streamstate::Live, T0 + 40000)->health, streamhealth::Ok);
        const auto black = judge.onPicture(flat(2), T0 + 41000);
        QVERIFY(black);
        QCOMPARE(black->health, streamhealth::Black);
        QCOMPARE(black->sinceMs, T0 + 41000);
    }

    void takenOverJobKeepsItsHealthUntilJudged()
    {
        StreamHealthJudge judge(settings(), streamhealth::Black, T0);
        QVERIFY(!judge.onStreamState(streamstate::Live, T0 + 1000));
        QCOMPARE(judge.health(), streamhealth::Black);
        QCOMPARE(judge.onPicture(moving(1), T0 + 2000)->health, streamhealth::Ok);
    }

    void pictureWithoutStatsIsOk()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QCOMPARE(judge.onPicture(PictureStats{}, T0)->health, streamhealth::Ok);
        QVERIFY(!judge.onPicture(PictureStats{}, T0 + 5000));
        QVERIFY(!judge.onPicture(PictureStats{}, T0 + 10000)); // never frozen without signatures
    }

    void settingsApplyToLaterPictures()
    {
        StreamHealthJudge judge(settings(), streamhealth::Unknown, T0);
        QCOMPARE(judge.onPicture(flat(40, 2), T0)->health, streamhealth::Ok);
        StreamHealthSettings s = settings();
        s.blackLumaMax = 50;
        s.frozenSnapshots = 0;
        judge.setSettings(s);
        QCOMPARE(judge.onPicture(flat(40, 2), T0 + 5000)->health, streamhealth::Black);
    }
};

QTEST_APPLESS_MAIN(TestStreamHealthJudge)
#include "tst_streamhealthjudge.moc"
