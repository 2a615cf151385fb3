import { App, YamlOutputType } from 'cdk8s';
import { ArgoCdChart } from './charts/argocd.js';
import { LmsChart } from './charts/lms.js';
import { MonitoringChart } from './charts/monitoring.js';
import { loadConfig } from './lib/config/config.js';

// One folder per chart (dist/<chart id>/Kind.name.k8s.yaml). Charts must not depend on each other,
// or cdk8s prefixes the folder names with an index.
const config = loadConfig();
const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });

const lms = new LmsChart(app, 'lms', { config });
// Plain data, not constructs: the monitoring chart learns the components' targets without depending on the chart.
const monitoring = new MonitoringChart(app, 'monitoring', { config, components: lms.monitoring });
// One Argo CD Application per chart; synth fails if a chart of the App is missing here.
new ArgoCdChart(app, 'argocd', { config, charts: [lms, monitoring] });

app.synth();
