/** Grafana's provisioning files as typed objects; the field names are Grafana's own. */

export interface GrafanaDatasource {
  readonly name: string;
  readonly type: 'prometheus' | 'loki';
  readonly uid: string;
  readonly access: 'proxy';
  readonly url: string;
  readonly isDefault?: boolean;
  readonly editable: boolean;
  readonly jsonData: Readonly<Record<string, string | number>>;
}

export interface DatasourcesFile {
  readonly apiVersion: 1;
  readonly datasources: readonly GrafanaDatasource[];
}

export interface DashboardProvider {
  readonly name: string;
  readonly folder: string;
  readonly type: 'file';
  readonly disableDeletion: boolean;
  readonly allowUiUpdates: boolean;
  readonly updateIntervalSeconds: number;
  readonly options: { readonly path: string; readonly foldersFromFilesStructure: boolean };
}

export interface DashboardProvidersFile {
  readonly apiVersion: 1;
  readonly providers: readonly DashboardProvider[];
}

/** Where the datasources live; their uids are the ones dashboards name. */
export interface DatasourceUrls {
  readonly prometheusUrl: string;
  readonly lokiUrl: string;
}

/** Prometheus (the default, uid `prometheus`) and Loki (uid `loki`), read-only in the UI. */
export function datasourcesFile(urls: DatasourceUrls): DatasourcesFile {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        type: 'prometheus',
        uid: 'prometheus',
        access: 'proxy',
        url: urls.prometheusUrl,
        isDefault: true,
        editable: false,
        jsonData: { timeInterval: '15s' },
      },
      {
        name: 'Loki',
        type: 'loki',
        uid: 'loki',
        access: 'proxy',
        url: urls.lokiUrl,
        editable: false,
        jsonData: { maxLines: 1000 },
      },
    ],
  };
}

/** One provider that loads every dashboard file of `path` into `folder`, not editable in the UI. */
export function dashboardProvidersFile(folder: string, path: string): DashboardProvidersFile {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'lms',
        folder,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  };
}
