#pragma once

#include "service/CallbackQueue.h"
#include "service/EngineReports.h"
#include "service/FileOperations.h"
#include "service/JobOperations.h"
#include "service/ServiceContext.h"
#include "service/SettingsOperations.h"
#include "service/StorageLocationOperations.h"
#include "service/TemplateOperations.h"
#include "service/UsageOperations.h"

namespace livesnap {

// The areas of the service over one context, each made after those it asks. SnapshotService
// holds one; the tests of each area make their own.
struct ServiceAreas {
    explicit ServiceAreas(ServiceContext &context)
        : settings(context)
        , locations(context, settings)
        , templates(context)
        , callbackQueue(context, settings)
        , jobs(context, templates, locations, settings, callbackQueue)
        , files(context, jobs, locations)
        , usage(context, locations)
        , engineReports(context, jobs, callbackQueue)
    {}
    ServiceAreas(const ServiceAreas &) = delete;
    ServiceAreas &operator=(const ServiceAreas &) = delete;

    SettingsOperations settings;
    StorageLocationOperations locations;
    TemplateOperations templates;
    CallbackQueue callbackQueue;
    JobOperations jobs;
    FileOperations files;
    UsageOperations usage;
    EngineReports engineReports;
};

} // namespace livesnap
