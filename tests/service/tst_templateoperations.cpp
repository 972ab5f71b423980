#include "ServiceFixture.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <vector>

using namespace livesnap;

// TemplateOperations: the template area alone, over a real catalog.
class TestTemplateOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void templateLifecycle()
    {
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::templatesChanged);
        const QString id = m_fx.createTemplate(QStringLiteral("tpl"), 30);
        QVERIFY(!id.isEmpty());
        QCOMPARE(changed.count(), 1);
        auto t = a().templates.getLiveSnapshotTemplate(id);
        QVERIFY(t);
        QCOMPARE(t->templateName, QStringLiteral("tpl"));
        QCOMPARE(t->type, QStringLiteral("custom"));
        QCOMPARE(t->timeInterval, 30);

        TemplateUpdate update;
        update.templateId = id;
        update.timeInterval = 60;
        update.overwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
        QVERIFY(a().templates.updateLiveSnapshotTemplate(update).ok());
        t = a().templates.getLiveSnapshotTemplate(id);
        QCOMPARE(t->timeInterval, 60);
        QCOMPARE(t->overwriteFormat, QStringLiteral("snapshot/{JobId}.jpg"));
        QCOMPARE(t->sequenceFormat, test::ServiceFixture::sequenceFormat());
        QVERIFY(t->modifiedTime > t->createTime);

        QVERIFY(a().templates.deleteLiveSnapshotTemplate(id).ok());
        QCOMPARE(a().templates.getLiveSnapshotTemplate(id).error().code,
                 QStringLiteral("TemplateNotFound"));
        QCOMPARE(a().templates.deleteLiveSnapshotTemplate(id).error().code,
                 QStringLiteral("TemplateNotFound"));
    }

    void badTemplatesChangeNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("interval");
        QTest::addColumn<QString>("overwrite");
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QString>("code");
        const QString seq = test::ServiceFixture::sequenceFormat();
        QTest::newRow("interval 4")
            << "t" << 4 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval 3601")
            << "t" << 3601 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval 0")
            << "t" << 0 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval -5")
            << "t" << -5 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("no formats")
            << "t" << 10 << QString() << QString() << "InvalidParameter.Format";
        QTest::newRow("empty name")
            << "" << 10 << QString() << seq << "InvalidParameter.TemplateName";
        QTest::newRow("png") << "t" << 10 << "snapshot/{JobId}.png" << QString()
                             << "InvalidParameter.OverwriteFormat";
        QTest::newRow("leading slash") << "t" << 10 << QString() << "/x/{Sequence}.jpg"
                                       << "InvalidParameter.SequenceFormat";
        QTest::newRow("bad token") << "t" << 10 << QString() << "x/{Seq}.jpg"
                                   << "InvalidParameter.SequenceFormat";
    }

    void badTemplatesChangeNothing()
    {
        QFETCH(QString, name);
        QFETCH(int, interval);
        QFETCH(QString, overwrite);
        QFETCH(QString, sequence);
        QFETCH(QString, code);
        const QString before = m_fx.dump();
        auto r = a().templates.createLiveSnapshotTemplate(
            TemplateSpec{name, interval, overwrite, sequence});
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY(r.error().isUserError());
        QCOMPARE(m_fx.dump(), before);
    }

    void badUpdateChangesNothing()
    {
        const QString id = m_fx.createTemplate(QStringLiteral("keep"));
        const QString before = m_fx.dump();
        TemplateUpdate update;
        update.templateId = id;
        update.timeInterval = 4;
        QCOMPARE(a().templates.updateLiveSnapshotTemplate(update).error().code,
                 QStringLiteral("InvalidParameter.TimeInterval"));
        TemplateUpdate clearBoth;
        clearBoth.templateId = id;
        clearBoth.sequenceFormat = QString();
        QCOMPARE(a().templates.updateLiveSnapshotTemplate(clearBoth).error().code,
                 QStringLiteral("InvalidParameter.Format"));
        QCOMPARE(m_fx.dump(), before);
    }

    void systemTemplatesAreReadOnly()
    {
        const QString before = m_fx.dump();
        TemplateUpdate update;
        update.templateId = schema::SystemOverwrite5s;
        update.timeInterval = 20;
        QCOMPARE(a().templates.updateLiveSnapshotTemplate(update).error().code,
                 QStringLiteral("TemplateReadOnly"));
        QCOMPARE(a().templates.deleteLiveSnapshotTemplate(schema::SystemOverwrite5s).error().code,
                 QStringLiteral("TemplateReadOnly"));
        QCOMPARE(m_fx.dump(), before);
    }

    // Messages shown beside the template form: its words and the template's name, plural forms
    // for counts (never "job(s)").
    void messagesInOperatorWords()
    {
        QCOMPARE(a().templates
                     .createLiveSnapshotTemplate(
                         TemplateSpec{QStringLiteral("t"), 4, QString(), m_fx.sequenceFormat()})
                     .error()
                     .message,
                 QStringLiteral("The snapshot interval is 4 s; it must be between 5 and 3600 "
                                "seconds."));
        const QString tpl = m_fx.createTemplate(QStringLiteral("lobby cams"));
        QVERIFY(!m_fx.submit(QStringLiteral("one"), tpl).isEmpty());
        const QString inUseByOne = a().templates.deleteLiveSnapshotTemplate(tpl).error().message;
        QVERIFY(!m_fx.submit(QStringLiteral("two"), tpl).isEmpty());
        const QString inUseByTwo = a().templates.deleteLiveSnapshotTemplate(tpl).error().message;
        QVERIFY2(inUseByOne.startsWith(QStringLiteral("Template \"lobby cams\" is used by a job;")),
                 qPrintable(inUseByOne));
        QVERIFY2(
            inUseByTwo.startsWith(QStringLiteral("Template \"lobby cams\" is used by 2 jobs;")),
            qPrintable(inUseByTwo));
        const QString readOnly =
            a().templates.deleteLiveSnapshotTemplate(schema::SystemOverwrite5s).error().message;
        QVERIFY2(readOnly.contains(QStringLiteral("\"Overwrite every 5 s\"")),
                 qPrintable(readOnly));
        QVERIFY2(!readOnly.contains(schema::SystemOverwrite5s), qPrintable(readOnly));
    }

    void templatePaging()
    {
        for (int i = 0; i < 25; ++i) {
            QVERIFY(
                !m_fx.createTemplate(QStringLiteral("custom-%1").arg(i, 2, 10, QLatin1Char('0')))
                     .isEmpty());
        }
        TemplateQuery q;
        q.pageSize = 10;
        qint64 seen = 0;
        QStringList names;
        for (int page = 1; page <= 3; ++page) {
            q.pageNo = page;
            auto r = a().templates.listLiveSnapshotTemplates(q);
            QVERIFY(r);
            QCOMPARE(r->totalCount, 28);
            QCOMPARE(r->items.size(), page < 3 ? 10 : 8);
            seen += r->items.size();
            for (const auto &t : r->items) {
                names << t.templateName;
            }
        }
        QCOMPARE(seen, 28);
        QCOMPARE(names.first(), QStringLiteral("custom-24")); // desc by CreateTime by default
        names.removeDuplicates();
        QCOMPARE(names.size(), 28);

        q.pageNo = 4;
        auto beyond = a().templates.listLiveSnapshotTemplates(q);
        QVERIFY(beyond);
        QCOMPARE(beyond->items.size(), 0);
        QCOMPARE(beyond->totalCount, 28);

        q.pageNo = 1;
        q.pageSize = 100;
        q.sortBy = QStringLiteral("asc");
        q.type = QStringLiteral("custom");
        auto asc = a().templates.listLiveSnapshotTemplates(q);
        QCOMPARE(asc->totalCount, 25);
        QCOMPARE(asc->items.first().templateName, QStringLiteral("custom-00"));
        q.type = QStringLiteral("system");
        QCOMPARE(a().templates.listLiveSnapshotTemplates(q)->totalCount, 3);

        for (int bad : {0, 101, -1}) {
            TemplateQuery b;
            b.pageSize = bad;
            QCOMPARE(a().templates.listLiveSnapshotTemplates(b).error().code,
                     QStringLiteral("InvalidParameter.PageSize"));
        }
        TemplateQuery b;
        b.pageNo = 0;
        QCOMPARE(a().templates.listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.PageNo"));
        b.pageNo = 1;
        b.sortBy = QStringLiteral("up");
        QCOMPARE(a().templates.listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.SortBy"));
        b.sortBy = QStringLiteral("desc");
        b.type = QStringLiteral("mine");
        QCOMPARE(a().templates.listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.Type"));
    }

    void templateSearch()
    {
        m_fx.createTemplate(QStringLiteral("lobby 100%"));
        m_fx.createTemplate(QStringLiteral("lobby_a"));
        m_fx.createTemplate(QStringLiteral("garage"));
        TemplateQuery q;
        q.searchKeyWord = QStringLiteral("lobby");
        QCOMPARE(a().templates.listLiveSnapshotTemplates(q)->totalCount, 2);
        q.searchKeyWord = QStringLiteral("%"); // literal, not a wildcard
        auto r = a().templates.listLiveSnapshotTemplates(q);
        QCOMPARE(r->totalCount, 1);
        QCOMPARE(r->items.first().templateName, QStringLiteral("lobby 100%"));
        q.searchKeyWord = QStringLiteral("_");
        QCOMPARE(a().templates.listLiveSnapshotTemplates(q)->totalCount, 1);
        q.searchKeyWord = QString();
        q.templateIds = {schema::SystemRealtime10s, schema::SystemRealtime60s};
        QCOMPARE(a().templates.listLiveSnapshotTemplates(q)->totalCount, 2);
    }

    void templateIdIsRequired()
    {
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::templatesChanged);
        QCOMPARE(a().templates.getLiveSnapshotTemplate(QString()).error().code,
                 QStringLiteral("MissingParameter.TemplateId"));
        QCOMPARE(a().templates.requireTemplate(QStringLiteral("nope")).error().code,
                 QStringLiteral("TemplateNotFound"));
        // Refused operations change nothing and say nothing.
        TemplateUpdate update;
        update.templateId = QStringLiteral("nope");
        QCOMPARE(a().templates.updateLiveSnapshotTemplate(update).error().code,
                 QStringLiteral("TemplateNotFound"));
        QCOMPARE(changed.count(), 0);
    }

    // Width, Height, JpegQuality and CaptureMode: stored, returned, updated one by one, and
    // refused with the field's code when out of range (nothing changes then).
    void outputFields()
    {
        TemplateSpec spec{QStringLiteral("wall"), 10, QString(), m_fx.sequenceFormat()};
        spec.width = 320;
        spec.jpegQuality = 60;
        auto id = a().templates.createLiveSnapshotTemplate(spec);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message));
        auto t = a().templates.getLiveSnapshotTemplate(*id);
        QCOMPARE(t->width, 320);
        QCOMPARE(t->height, 0);
        QCOMPARE(t->jpegQuality, 60);
        QCOMPARE(t->captureMode, QStringLiteral("keyframe"));
        const QJsonObject json = t->toJson();
        QCOMPARE(json.value(QStringLiteral("Width")).toInt(), 320);
        QCOMPARE(json.value(QStringLiteral("JpegQuality")).toInt(), 60);

        TemplateUpdate update;
        update.templateId = *id;
        update.height = 180;
        update.captureMode = QStringLiteral("exact");
        QVERIFY(a().templates.updateLiveSnapshotTemplate(update).ok());
        t = a().templates.getLiveSnapshotTemplate(*id);
        QCOMPARE(t->width, 320); // not given: kept
        QCOMPARE(t->height, 180);
        QCOMPARE(t->jpegQuality, 60);
        QCOMPARE(t->captureMode, QStringLiteral("exact"));

        const QString before = m_fx.dump();
        for (const auto &[field, change] :
             std::vector<std::pair<QString, std::function<void(TemplateUpdate &)>>>{
                 {QStringLiteral("Width"), [](TemplateUpdate &u) { u.width = 7681; }},
                 {QStringLiteral("Height"), [](TemplateUpdate &u) { u.height = 2; }},
                 {QStringLiteral("JpegQuality"), [](TemplateUpdate &u) { u.jpegQuality = 101; }},
                 {QStringLiteral("CaptureMode"),
                  [](TemplateUpdate &u) { u.captureMode = QStringLiteral("fast"); }}}) {
            TemplateUpdate bad;
            bad.templateId = *id;
            change(bad);
            QCOMPARE(a().templates.updateLiveSnapshotTemplate(bad).error().code,
                     QStringLiteral("InvalidParameter.") + field);
        }
        TemplateSpec badSpec = spec;
        badSpec.jpegQuality = -1;
        QCOMPARE(a().templates.createLiveSnapshotTemplate(badSpec).error().code,
                 QStringLiteral("InvalidParameter.JpegQuality"));
        QCOMPARE(m_fx.dump(), before);

        // System templates keep the stream's size and the engine's quality.
        auto system = a().templates.getLiveSnapshotTemplate(schema::SystemOverwrite5s);
        QCOMPARE(system->width, 0);
        QCOMPARE(system->height, 0);
        QCOMPARE(system->jpegQuality, 0);
        QCOMPARE(system->captureMode, QStringLiteral("keyframe"));
    }
};

QTEST_GUILESS_MAIN(TestTemplateOperations)
#include "tst_templateoperations.moc"
