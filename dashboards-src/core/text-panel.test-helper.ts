import { PanelBuilder } from '@grafana/grafana-foundation-sdk/text';

/** The simplest real panel builder, for layout tests. */
export class TextPanelBuilder extends PanelBuilder {}
