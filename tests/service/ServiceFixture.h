#pragma once

// The service's areas over a real catalog (SQLite in a temporary directory, or PostgreSQL on the
// tests' "_pg" twins), for the tests of each area.
#include "../support/Await.h"
#include "../support/CatalogSnapshot.h"
#include "../support/PostgresServer.h"
#include "catalog/Schema.h"
#include "service/ServiceAreas.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTimeZone>

#include <memory>

namespace livesnap::test {

class ServiceFixture {
public:
    // A fresh catalog and context; call from each test's init().
    bool reset()
    {
        m_areas.reset();
        m_context.reset();
        m_catalog = std::make_unique<Catalog>();
        // An SQLite file, or on the "_pg" twins a PostgreSQL database (tests/support).
        const QString location =
            freshCatalogLocation(m_dir.filePath(QStringLiteral("catalog.sqlite")));
        if (location.isEmpty() || !m_catalog->open(location).ok()) {
            return false;
        }
        // A clock that moves one second per reading keeps CreateTime orders distinct.
        // Starts after the shipped templates' creation, so custom ones sort after them.
        m_nowMs = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
        m_context =
            std::make_unique<ServiceContext>(*m_catalog, DataDirectory(m_dir.path()), Clock([this] {
                m_nowMs += 1000;
                return QDateTime::fromMSecsSinceEpoch(m_nowMs, QTimeZone::utc());
            }));
        m_areas = std::make_unique<ServiceAreas>(*m_context);
        return true;
    }

    ServiceContext &context() { return *m_context; }
    ServiceNotifier &notifier() { return m_context->notifier(); }
    ServiceAreas &areas() { return *m_areas; }
    Catalog &catalog() { return *m_catalog; }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    // Every row of the catalog: equal before and after means nothing changed.
    QString dump() { return catalogSnapshot(*m_catalog); }

    static SnapshotOutput defaultOutput()
    {
        return SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    }
    static QString sequenceFormat()
    {
        return QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg");
    }
    QString createTemplate(const QString &name, int interval = 10)
    {
        auto id = m_areas->templates.createLiveSnapshotTemplate(
            TemplateSpec{name, interval, QString(), sequenceFormat()});
        if (!id) {
            qWarning() << id.error().message;
            return QString();
        }
        return *id;
    }
    static JobSpec jobSpec(const QString &name,
                           const QString &templateId = schema::SystemRealtime10s)
    {
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = templateId;
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/") + name;
        spec.snapshotOutput = defaultOutput();
        return spec;
    }
    QString submit(const QString &name, const QString &templateId = schema::SystemRealtime10s)
    {
        auto id = m_areas->jobs.submitLiveSnapshotJob(jobSpec(name, templateId));
        return id ? *id : QString();
    }
    Status deleteLocation(const QString &locationId)
    {
        return await<Status>(
            [&](auto reply) { m_areas->locations.deleteStorageLocation(locationId, reply); });
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<ServiceContext> m_context;
    std::unique_ptr<ServiceAreas> m_areas;
    qint64 m_nowMs = 0;
};

} // namespace livesnap::test
