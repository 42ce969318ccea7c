export { type MapLayout, type MapOptions, projectMap } from './project.ts';
