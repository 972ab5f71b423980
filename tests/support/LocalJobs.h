#pragma once

#include "service/SnapshotService.h"

namespace livesnap::test {

// Submits a job on `input` (or a plain `url`) with the template, into the default local folder, and
// starts it: its id, or an empty string when either step was refused.
inline QString startLocalJob(SnapshotService &service, const QString &templateId,
                             const QString &name, const StreamInput &input)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = templateId;
    spec.streamInput = input;
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto id = service.submitLiveSnapshotJob(spec);
    if (!id || !service.sendLiveSnapshotJobCommand(*id, QStringLiteral("start"))) {
        return QString();
    }
    return *id;
}

inline QString startLocalJob(SnapshotService &service, const QString &templateId,
                             const QString &name, const QString &url)
{
    StreamInput input;
    input.url = url;
    return startLocalJob(service, templateId, name, input);
}

} // namespace livesnap::test
